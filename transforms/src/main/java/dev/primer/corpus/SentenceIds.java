package dev.primer.corpus;

import dev.primer.io.ResourceIO;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * The stable id of a staged sentence: the first 16 bytes (32 hex digits) of the SHA-256 of its
 * language, split, tokens and tags. Each string is hashed as its UTF-8 length (4 bytes, big endian)
 * followed by its bytes, after the token count, so that no two different sentences share an
 * encoding; equal sentences get equal ids in every run. The digest and its lower-case hex come from
 * {@link ResourceIO#sha256Digest()} and {@link ResourceIO#hex}, primer's one SHA-256 helper.
 */
public final class SentenceIds {

  /** Number of hex digits in an id. */
  public static final int HEX_DIGITS = 32;

  private SentenceIds() {}

  /** The id of a sentence with these fields. */
  public static String of(String lang, String split, List<String> tokens, List<String> tags) {
    MessageDigest sha = ResourceIO.sha256Digest();
    update(sha, lang);
    update(sha, split);
    sha.update(ByteBuffer.allocate(4).putInt(tokens.size()).array());
    for (String token : tokens) {
      update(sha, token);
    }
    for (String tag : tags) {
      update(sha, tag);
    }
    return id(sha);
  }

  /**
   * The id of the {@code k}-th copy (k &ge; 1, in position order) of a sentence whose first copy
   * has id {@code id}, in a split that is not deduplicated: the SHA-256 of the id and k, so that
   * every kept copy has its own stable id while the first copy keeps the plain one.
   */
  public static String ofCopy(String id, int k) {
    MessageDigest sha = ResourceIO.sha256Digest();
    update(sha, id);
    sha.update(ByteBuffer.allocate(4).putInt(k).array());
    return id(sha);
  }

  /** The first {@link #HEX_DIGITS} hex digits (16 bytes) of the completed digest. */
  private static String id(MessageDigest sha) {
    return ResourceIO.hex(sha).substring(0, HEX_DIGITS);
  }

  private static void update(MessageDigest sha, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
    sha.update(bytes);
  }
}

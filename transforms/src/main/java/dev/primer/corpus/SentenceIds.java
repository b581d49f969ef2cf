package dev.primer.corpus;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The stable id of a staged sentence: the first 16 bytes (32 hex digits) of the SHA-256 of its
 * language, split, tokens and tags. Each string is hashed as its UTF-8 length (4 bytes, big endian)
 * followed by its bytes, after the token count, so that no two different sentences share an
 * encoding; equal sentences get equal ids in every run.
 */
public final class SentenceIds {

  /** Number of hex digits in an id. */
  public static final int HEX_DIGITS = 32;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private SentenceIds() {}

  /** The id of a sentence with these fields. */
  public static String of(String lang, String split, List<String> tokens, List<String> tags) {
    MessageDigest sha = sha256();
    update(sha, lang);
    update(sha, split);
    sha.update(ByteBuffer.allocate(4).putInt(tokens.size()).array());
    for (String token : tokens) {
      update(sha, token);
    }
    for (String tag : tags) {
      update(sha, tag);
    }
    byte[] digest = sha.digest();
    char[] hex = new char[HEX_DIGITS];
    for (int i = 0; i < HEX_DIGITS / 2; i++) {
      hex[2 * i] = HEX[(digest[i] >> 4) & 0xf];
      hex[2 * i + 1] = HEX[digest[i] & 0xf];
    }
    return new String(hex);
  }

  /**
   * The id of the {@code k}-th copy (k &ge; 1, in position order) of a sentence whose first copy
   * has id {@code id}, in a split that is not deduplicated: the SHA-256 of the id and k, so that
   * every kept copy has its own stable id while the first copy keeps the plain one.
   */
  public static String ofCopy(String id, int k) {
    MessageDigest sha = sha256();
    update(sha, id);
    sha.update(ByteBuffer.allocate(4).putInt(k).array());
    return hex(sha.digest());
  }

  private static String hex(byte[] digest) {
    char[] hex = new char[HEX_DIGITS];
    for (int i = 0; i < HEX_DIGITS / 2; i++) {
      hex[2 * i] = HEX[(digest[i] >> 4) & 0xf];
      hex[2 * i + 1] = HEX[digest[i] & 0xf];
    }
    return new String(hex);
  }

  private static void update(MessageDigest sha, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
    sha.update(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}

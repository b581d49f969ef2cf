package dev.primer;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * primer's one SHA-256 helper: fresh digests and lower-case hex. Plain Java (no Beam), so that the
 * learning core's checkpoint format and {@code dev.primer.io.ResourceIO} (files on any Beam file
 * system) share it. {@code corpus.SentenceIds} keeps its own digest of sentence fields.
 */
public final class Sha256 {

  private Sha256() {}

  /** A fresh SHA-256 digest. */
  public static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Completes {@code digest} (e.g. one from {@link #digest()}) as lower-case hex. */
  public static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Lower-case hex SHA-256 of {@code bytes}. */
  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }
}

package dev.primer.encode;

import java.io.Serializable;

/**
 * Options of the encoder.
 *
 * @param maxLength most subwords per window, special tokens included (e.g. 128)
 * @param unknownTags what to do with tags outside the label space
 */
public record EncodeOptions(int maxLength, UnknownTagPolicy unknownTags) implements Serializable {

  /** Validates the options. */
  public EncodeOptions {
    if (maxLength < 1) {
      throw new IllegalArgumentException("maxLength must be positive");
    }
    if (unknownTags == null) {
      throw new IllegalArgumentException("unknownTags is required");
    }
  }

  /** Windows of at most {@code maxLength} subwords; unknown tags become dead letters. */
  public static EncodeOptions maxLength(int maxLength) {
    return new EncodeOptions(maxLength, UnknownTagPolicy.DEAD_LETTER);
  }

  /** A copy with another unknown-tag policy. */
  public EncodeOptions withUnknownTags(UnknownTagPolicy policy) {
    return new EncodeOptions(maxLength, policy);
  }
}

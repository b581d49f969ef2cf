package dev.primer.encode;

/** What the encoder does with a tag outside the label space or not valid IOB2. */
public enum UnknownTagPolicy {
  /** Send the whole sentence to the dead letters (reason UNKNOWN_TAG or INVALID_TAG). */
  DEAD_LETTER,
  /** Encode the word as {@code O} and count it ({@code mappedTags}). */
  MAP_TO_O
}

package dev.primer.predict;

import java.io.Serializable;

/**
 * One predicted entity of a line.
 *
 * @param type entity type
 * @param text the entity's text: the original line from its first word's start to its last word's
 *     end (spaces and punctuation inside kept as written)
 * @param start code-point offset of its first character in the line (Python {@code str} indexing)
 * @param end code-point offset after its last character
 * @param firstWord index of its first word
 * @param lastWord index of its last word (inclusive)
 * @param confidence mean over its words of the softmax probability of the predicted tag on the
 *     word's first subword
 */
public record PredictedEntity(
    String type, String text, int start, int end, int firstWord, int lastWord, double confidence)
    implements Serializable {}

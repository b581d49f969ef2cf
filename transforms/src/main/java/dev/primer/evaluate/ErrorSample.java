package dev.primer.evaluate;

import java.io.Serializable;
import java.util.List;

/**
 * One entity error: a predicted chunk without an identical gold chunk (a false positive) or a gold
 * chunk without an identical predicted chunk (a false negative), with its sentence.
 *
 * @param kind {@code FP} or {@code FN}
 * @param sentenceId the sentence's id
 * @param type the chunk's entity type
 * @param start index of its first word
 * @param end index of its last word (inclusive)
 * @param text the chunk's words joined by spaces, or {@code null} when the words are unknown
 * @param tokens the sentence's words, or {@code null} when unknown
 * @param gold the sentence's gold tags
 * @param predicted the sentence's predicted tags
 */
public record ErrorSample(
    String kind,
    String sentenceId,
    String type,
    int start,
    int end,
    String text,
    List<String> tokens,
    List<String> gold,
    List<String> predicted)
    implements Serializable {

  /** A predicted chunk that is not a gold chunk. */
  public static final String FALSE_POSITIVE = "FP";

  /** A gold chunk that was not predicted. */
  public static final String FALSE_NEGATIVE = "FN";
}

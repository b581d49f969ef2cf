package dev.primer.vocab;

import java.io.Serializable;

/**
 * Options of HuggingFace's {@code BertNormalizer}, as written into a tokenizer.json.
 *
 * @param cleanText remove control characters and map every whitespace to a space
 * @param handleChineseChars put spaces around CJK ideographs so each becomes its own word
 * @param stripAccents decompose (NFD) and drop non-spacing marks; {@code null} follows {@code
 *     lowercase}, as in HuggingFace
 * @param lowercase lowercase every character
 */
public record BertNormalizerOptions(
    boolean cleanText, boolean handleChineseChars, Boolean stripAccents, boolean lowercase)
    implements Serializable {

  /** Multilingual BERT cased: clean text, split CJK, keep case and accents. */
  public static BertNormalizerOptions cased() {
    return new BertNormalizerOptions(true, true, false, false);
  }

  /** BERT uncased: clean text, split CJK, lowercase and strip accents. */
  public static BertNormalizerOptions uncased() {
    return new BertNormalizerOptions(true, true, null, true);
  }

  /** Whether accents are stripped once the {@code null} default is resolved. */
  public boolean effectiveStripAccents() {
    return stripAccents == null ? lowercase : stripAccents;
  }
}

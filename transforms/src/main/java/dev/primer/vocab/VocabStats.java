package dev.primer.vocab;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.primer.Json;
import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Tokenization statistics of a vocabulary over a corpus, per language and overall, for the
 * manifest: vocabulary size, distinct words, [UNK] rates and pieces per word. Serializable (Beam)
 * and JSON-serializable (Jackson getters; see {@link #toJson()}).
 */
public final class VocabStats implements Serializable {

  private final int vocabSize;
  private final TreeMap<String, PieceStats> languages;
  private final PieceStats overall;

  /**
   * Statistics for a vocabulary.
   *
   * @param vocabSize number of ids in the vocabulary
   * @param languages per-language statistics
   * @param overall statistics over all languages (distinct words counted once across languages)
   */
  public VocabStats(int vocabSize, Map<String, PieceStats> languages, PieceStats overall) {
    this.vocabSize = vocabSize;
    this.languages = new TreeMap<>(languages);
    this.overall = Objects.requireNonNull(overall);
  }

  /** Number of ids in the vocabulary. */
  public int getVocabSize() {
    return vocabSize;
  }

  /** Per-language statistics, by language code. */
  public Map<String, PieceStats> getLanguages() {
    return Collections.unmodifiableMap(languages);
  }

  /** Statistics over all languages. */
  public PieceStats getOverall() {
    return overall;
  }

  /** Indented JSON of the getters. */
  public String toJson() {
    try {
      return Json.mapper().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VocabStats v
        && vocabSize == v.vocabSize
        && languages.equals(v.languages)
        && overall.equals(v.overall);
  }

  @Override
  public int hashCode() {
    return Objects.hash(vocabSize, languages.keySet());
  }

  @Override
  public String toString() {
    return "VocabStats{vocabSize="
        + vocabSize
        + ", overall="
        + overall
        + ", languages="
        + languages
        + "}";
  }
}

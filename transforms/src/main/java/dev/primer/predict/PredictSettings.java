package dev.primer.predict;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * What every {@link PredictFn} of a {@code predict} run shares.
 *
 * @param adapters adapter per language
 * @param fallbackLang language whose adapter tags languages without one, or null
 * @param tokenizerUri the run's {@code vocab/tokenizer.json}
 * @param maxLength maximum subwords per model window (longer lines are cut into windows)
 * @param batchSize windows per forward pass
 * @param padId the tokenizer's padding id
 * @param deterministic one intra-op thread
 */
public record PredictSettings(
    Map<String, Adapter> adapters,
    String fallbackLang,
    String tokenizerUri,
    int maxLength,
    int batchSize,
    int padId,
    boolean deterministic)
    implements Serializable {

  /** Copies the adapters into a serializable sorted map. */
  public PredictSettings {
    adapters = new TreeMap<>(adapters);
    if (batchSize <= 0 || maxLength <= 2) {
      throw new IllegalArgumentException(
          "batch size must be > 0 and max length > 2, got " + batchSize + " and " + maxLength);
    }
  }
}

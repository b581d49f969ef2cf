package dev.primer.predict;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * What every {@link PredictFn} of a {@code predict} run shares.
 *
 * <p>No two neighbouring components have the same type, so that a swap does not compile.
 *
 * @param adapters adapter per language
 * @param fallbackLang language whose adapter tags languages without one, or null
 * @param maxLength maximum subwords per model window (longer lines are cut into windows)
 * @param tokenizerUri the run's {@code vocab/tokenizer.json}
 * @param batchSize windows per forward pass
 * @param deterministic one intra-op thread
 * @param padId the tokenizer's padding id
 */
public record PredictSettings(
    Map<String, Adapter> adapters,
    String fallbackLang,
    int maxLength,
    String tokenizerUri,
    int batchSize,
    boolean deterministic,
    int padId)
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

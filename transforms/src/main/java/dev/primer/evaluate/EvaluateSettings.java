package dev.primer.evaluate;

import java.io.Serializable;

/**
 * What every evaluation of a run shares.
 *
 * @param runId the run
 * @param padId the tokenizer's padding id
 * @param batchSize windows per forward pass
 * @param maxErrors error samples kept per evaluation
 * @param resultsDirectory {@code evaluate/results/} (ending in '/')
 * @param deterministic one intra-op thread
 */
public record EvaluateSettings(
    String runId,
    int padId,
    int batchSize,
    int maxErrors,
    String resultsDirectory,
    boolean deterministic)
    implements Serializable {

  /** Validates. */
  public EvaluateSettings {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be > 0, got " + batchSize);
    }
    if (maxErrors < 0) {
      throw new IllegalArgumentException("error samples must be >= 0, got " + maxErrors);
    }
    resultsDirectory = resultsDirectory.endsWith("/") ? resultsDirectory : resultsDirectory + "/";
  }
}

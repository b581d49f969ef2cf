package dev.primer.evaluate;

import java.io.Serializable;

/**
 * What every evaluation of a run shares.
 *
 * <p>No two neighbouring components have the same type, so that a swap does not compile.
 *
 * @param runId the run
 * @param batchSize windows per forward pass
 * @param resultsDirectory {@code evaluate/results/} (ending in '/')
 * @param maxErrors error samples kept per evaluation
 * @param deterministic one intra-op thread
 * @param padId the tokenizer's padding id
 */
public record EvaluateSettings(
    String runId,
    int batchSize,
    String resultsDirectory,
    int maxErrors,
    boolean deterministic,
    int padId)
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

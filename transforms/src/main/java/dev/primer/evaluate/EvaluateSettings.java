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

  /** A builder naming every setting, so that neighbouring numbers cannot be swapped. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds EvaluateSettings by name; {@link #build} runs the record's checks. */
  public static final class Builder {
    private String runId;
    private int padId;
    private int batchSize;
    private int maxErrors;
    private String resultsDirectory;
    private boolean deterministic;

    private Builder() {}

    /** Sets {@link EvaluateSettings#runId()}. */
    public Builder runId(String value) {
      this.runId = value;
      return this;
    }

    /** Sets {@link EvaluateSettings#padId()}. */
    public Builder padId(int value) {
      this.padId = value;
      return this;
    }

    /** Sets {@link EvaluateSettings#batchSize()}. */
    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    /** Sets {@link EvaluateSettings#maxErrors()}. */
    public Builder maxErrors(int value) {
      this.maxErrors = value;
      return this;
    }

    /** Sets {@link EvaluateSettings#resultsDirectory()}. */
    public Builder resultsDirectory(String value) {
      this.resultsDirectory = value;
      return this;
    }

    /** Sets {@link EvaluateSettings#deterministic()}. */
    public Builder deterministic(boolean value) {
      this.deterministic = value;
      return this;
    }

    /** The settings; IllegalArgumentException when the record's checks fail. */
    public EvaluateSettings build() {
      return new EvaluateSettings(
          runId, padId, batchSize, maxErrors, resultsDirectory, deterministic);
    }
  }
}

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

  /** A builder naming every setting, so that neighbouring numbers cannot be swapped. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds PredictSettings by name; {@link #build} runs the record's checks. */
  public static final class Builder {
    private Map<String, Adapter> adapters;
    private String fallbackLang;
    private String tokenizerUri;
    private int maxLength;
    private int batchSize;
    private int padId;
    private boolean deterministic;

    private Builder() {}

    /** Sets {@link PredictSettings#adapters()}. */
    public Builder adapters(Map<String, Adapter> value) {
      this.adapters = value;
      return this;
    }

    /** Sets {@link PredictSettings#fallbackLang()}. */
    public Builder fallbackLang(String value) {
      this.fallbackLang = value;
      return this;
    }

    /** Sets {@link PredictSettings#tokenizerUri()}. */
    public Builder tokenizerUri(String value) {
      this.tokenizerUri = value;
      return this;
    }

    /** Sets {@link PredictSettings#maxLength()}. */
    public Builder maxLength(int value) {
      this.maxLength = value;
      return this;
    }

    /** Sets {@link PredictSettings#batchSize()}. */
    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    /** Sets {@link PredictSettings#padId()}. */
    public Builder padId(int value) {
      this.padId = value;
      return this;
    }

    /** Sets {@link PredictSettings#deterministic()}. */
    public Builder deterministic(boolean value) {
      this.deterministic = value;
      return this;
    }

    /** The settings; IllegalArgumentException when the record's checks fail. */
    public PredictSettings build() {
      return new PredictSettings(
          adapters, fallbackLang, tokenizerUri, maxLength, batchSize, padId, deterministic);
    }
  }
}

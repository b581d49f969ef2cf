package dev.primer.pretrain;

import dev.primer.learn.train.TrainingConfig;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What the pretraining task needs: inputs, output directory and the learning core's training
 * configuration. Serializable, it travels with the DoFn. Built by the pretrain stage's plan.
 *
 * @param runId the run (recorded in metrics)
 * @param mode mlm, import or derive
 * @param tokenizer URI of the run's {@code tokenizer.json}
 * @param vocabMapping URI of {@code vocab_mapping.tsv}, or null when the vocabulary was not pruned
 * @param trainPatterns globs of the encoded train partitions (mlm)
 * @param devPatterns globs of the encoded dev partitions (mlm evaluation; may match nothing)
 * @param langs the languages read (for provenance)
 * @param preset tiny, small or base (mlm)
 * @param training the masked-LM training (mlm: updates, batch, rate, warm-up, log and evaluation
 *     intervals; the run sets the tokenizer's pad id); in every mode its {@link
 *     TrainingConfig#seed()} is the run's seed and {@link TrainingConfig#singleThreaded()}
 *     deterministic mode
 * @param maskProbability masked-LM selection probability
 * @param weights local path of the weights to import (import, derive)
 * @param keepLayers layers kept by derive (0: all)
 * @param checkpoint the output checkpoint directory (pretrain/checkpoint/)
 */
public record PretrainSettings(
    String runId,
    PretrainMode mode,
    String tokenizer,
    String vocabMapping,
    List<String> trainPatterns,
    List<String> devPatterns,
    List<String> langs,
    String preset,
    TrainingConfig training,
    double maskProbability,
    String weights,
    int keepLayers,
    String checkpoint)
    implements Serializable {

  /** Copies the lists. */
  public PretrainSettings {
    Objects.requireNonNull(mode);
    Objects.requireNonNull(training);
    trainPatterns = List.copyOf(trainPatterns);
    devPatterns = List.copyOf(devPatterns);
    langs = List.copyOf(langs);
  }

  /** The run's seed. */
  public long seed() {
    return training.seed();
  }

  /** Deterministic mode: one libtorch intra-op thread. */
  public boolean deterministic() {
    return training.singleThreaded();
  }

  /** A builder naming every setting. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds PretrainSettings by name; lists default to empty. */
  public static final class Builder {
    private String runId;
    private PretrainMode mode;
    private String tokenizer;
    private String vocabMapping;
    private List<String> trainPatterns = List.of();
    private List<String> devPatterns = List.of();
    private List<String> langs = List.of();
    private String preset;
    private TrainingConfig training;
    private double maskProbability;
    private String weights;
    private int keepLayers;
    private String checkpoint;

    private Builder() {}

    /** Sets {@link PretrainSettings#runId()} and {@link PretrainSettings#mode()}. */
    public Builder run(String runId, PretrainMode mode) {
      this.runId = runId;
      this.mode = mode;
      return this;
    }

    /** Sets {@link PretrainSettings#tokenizer()}. */
    public Builder tokenizer(String value) {
      this.tokenizer = value;
      return this;
    }

    /** Sets {@link PretrainSettings#vocabMapping()}. */
    public Builder vocabMapping(String value) {
      this.vocabMapping = value;
      return this;
    }

    /** Sets {@link PretrainSettings#trainPatterns()}. */
    public Builder trainPatterns(List<String> value) {
      this.trainPatterns = value;
      return this;
    }

    /** Sets {@link PretrainSettings#devPatterns()}. */
    public Builder devPatterns(List<String> value) {
      this.devPatterns = value;
      return this;
    }

    /** Sets {@link PretrainSettings#langs()}. */
    public Builder langs(List<String> value) {
      this.langs = value;
      return this;
    }

    /** Sets {@link PretrainSettings#preset()}. */
    public Builder preset(String value) {
      this.preset = value;
      return this;
    }

    /** Sets {@link PretrainSettings#training()}. */
    public Builder training(TrainingConfig value) {
      this.training = value;
      return this;
    }

    /** Sets {@link PretrainSettings#maskProbability()}. */
    public Builder maskProbability(double value) {
      this.maskProbability = value;
      return this;
    }

    /** Sets {@link PretrainSettings#weights()}. */
    public Builder weights(String value) {
      this.weights = value;
      return this;
    }

    /** Sets {@link PretrainSettings#keepLayers()}. */
    public Builder keepLayers(int value) {
      this.keepLayers = value;
      return this;
    }

    /** Sets {@link PretrainSettings#checkpoint()}. */
    public Builder checkpoint(String value) {
      this.checkpoint = value;
      return this;
    }

    /** The settings. */
    public PretrainSettings build() {
      return new PretrainSettings(
          runId,
          mode,
          tokenizer,
          vocabMapping,
          trainPatterns,
          devPatterns,
          langs,
          preset,
          training,
          maskProbability,
          weights,
          keepLayers,
          checkpoint);
    }
  }
}

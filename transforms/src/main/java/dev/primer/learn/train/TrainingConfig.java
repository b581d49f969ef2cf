package dev.primer.learn.train;

import java.io.Serializable;

/**
 * Hyper-parameters of a training run (fine-tuning or masked-LM pretraining). Immutable; defaults
 * follow HuggingFace's Trainer where it has one. Serializable: stage settings carry it to the
 * workers. Built through {@link #builder()}, which checks the ranges.
 *
 * @param epochs passes over the training data (ignored when {@link #maxSteps()} is set)
 * @param maxSteps number of updates; 0 means {@code epochs x batches per epoch}
 * @param batchSize sentences per update
 * @param learningRate peak learning rate
 * @param warmupRatio share of the updates spent warming up linearly (then linear decay to 0)
 * @param weightDecay AdamW's decoupled weight decay
 * @param maxGradNorm global-norm clipping threshold; 0 disables clipping
 * @param beta1 AdamW's first-moment decay
 * @param beta2 AdamW's second-moment decay
 * @param epsilon AdamW's epsilon
 * @param evalEvery evaluate every this many updates; 0 evaluates at the end of every epoch
 * @param patience stop after this many evaluations without improvement; 0 never stops early
 * @param logEvery log progress every this many updates
 * @param seed seed of data order, masking and (via {@link Determinism}) libtorch's generator
 * @param bucketByLength whether training batches group sentences of similar length
 * @param padId the padding id
 * @param singleThreaded deterministic mode: limit libtorch to one intra-op thread (JVM-wide, from
 *     the start of training on), so that runs are bit-reproducible across JVMs. Seeding always
 *     happens.
 */
public record TrainingConfig(
    int epochs,
    long maxSteps,
    int batchSize,
    double learningRate,
    double warmupRatio,
    double weightDecay,
    double maxGradNorm,
    double beta1,
    double beta2,
    double epsilon,
    long evalEvery,
    int patience,
    long logEvery,
    long seed,
    boolean bucketByLength,
    int padId,
    boolean singleThreaded)
    implements Serializable {

  /** Defaults: 3 epochs, batch 32, lr 5e-5, no warm-up, decay 0.01, clip 1.0, seed 42. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised with this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builder of {@link TrainingConfig}. */
  public static final class Builder {
    private int epochs = 3;
    private long maxSteps;
    private int batchSize = 32;
    private double learningRate = 5e-5;
    private double warmupRatio;
    private double weightDecay = 0.01;
    private double maxGradNorm = 1.0;
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-8;
    private long evalEvery;
    private int patience;
    private long logEvery = 50;
    private long seed = 42;
    private boolean bucketByLength;
    private int padId;
    private boolean singleThreaded;

    private Builder() {}

    private Builder(TrainingConfig c) {
      epochs = c.epochs;
      maxSteps = c.maxSteps;
      batchSize = c.batchSize;
      learningRate = c.learningRate;
      warmupRatio = c.warmupRatio;
      weightDecay = c.weightDecay;
      maxGradNorm = c.maxGradNorm;
      beta1 = c.beta1;
      beta2 = c.beta2;
      epsilon = c.epsilon;
      evalEvery = c.evalEvery;
      patience = c.patience;
      logEvery = c.logEvery;
      seed = c.seed;
      bucketByLength = c.bucketByLength;
      padId = c.padId;
      singleThreaded = c.singleThreaded;
    }

    public Builder setEpochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    public Builder setMaxSteps(long maxSteps) {
      this.maxSteps = maxSteps;
      return this;
    }

    public Builder setBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    public Builder setLearningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    public Builder setWarmupRatio(double warmupRatio) {
      this.warmupRatio = warmupRatio;
      return this;
    }

    public Builder setWeightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    public Builder setMaxGradNorm(double maxGradNorm) {
      this.maxGradNorm = maxGradNorm;
      return this;
    }

    public Builder setBetas(double beta1, double beta2) {
      this.beta1 = beta1;
      this.beta2 = beta2;
      return this;
    }

    public Builder setEpsilon(double epsilon) {
      this.epsilon = epsilon;
      return this;
    }

    public Builder setEvalEvery(long evalEvery) {
      this.evalEvery = evalEvery;
      return this;
    }

    public Builder setPatience(int patience) {
      this.patience = patience;
      return this;
    }

    public Builder setLogEvery(long logEvery) {
      this.logEvery = logEvery;
      return this;
    }

    public Builder setSeed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder setBucketByLength(boolean bucketByLength) {
      this.bucketByLength = bucketByLength;
      return this;
    }

    public Builder setPadId(int padId) {
      this.padId = padId;
      return this;
    }

    /** See {@link TrainingConfig#singleThreaded()}. */
    public Builder setSingleThreaded(boolean singleThreaded) {
      this.singleThreaded = singleThreaded;
      return this;
    }

    public TrainingConfig build() {
      if (epochs <= 0 && maxSteps <= 0) {
        throw new IllegalArgumentException("need epochs > 0 or maxSteps > 0");
      }
      if (epochs < 0) {
        throw new IllegalArgumentException("epochs must be >= 0: " + epochs);
      }
      if (!(weightDecay >= 0)) {
        throw new IllegalArgumentException("weight decay must be >= 0: " + weightDecay);
      }
      if (batchSize <= 0 || !(learningRate >= 0)) {
        throw new IllegalArgumentException("batch size must be > 0 and learning rate >= 0");
      }
      if (!(warmupRatio >= 0 && warmupRatio <= 1)) {
        throw new IllegalArgumentException("warmup ratio must be in [0, 1]: " + warmupRatio);
      }
      if (evalEvery < 0 || patience < 0 || logEvery <= 0 || maxSteps < 0) {
        throw new IllegalArgumentException(
            "evalEvery, patience and maxSteps must be >= 0, logEvery > 0");
      }
      return new TrainingConfig(
          epochs,
          maxSteps,
          batchSize,
          learningRate,
          warmupRatio,
          weightDecay,
          maxGradNorm,
          beta1,
          beta2,
          epsilon,
          evalEvery,
          patience,
          logEvery,
          seed,
          bucketByLength,
          padId,
          singleThreaded);
    }
  }
}

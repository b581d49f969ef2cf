package dev.primer.learn.train;

import java.io.Serializable;

/**
 * Hyper-parameters of a training run (fine-tuning or masked-LM pretraining). Immutable; defaults
 * follow HuggingFace's Trainer where it has one. Serializable: stage settings carry it to the
 * workers.
 */
public final class TrainingConfig implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int epochs;
  private final long maxSteps;
  private final int batchSize;
  private final double learningRate;
  private final double warmupRatio;
  private final double weightDecay;
  private final double maxGradNorm;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final long evalEvery;
  private final int patience;
  private final long logEvery;
  private final long seed;
  private final boolean bucketByLength;
  private final int padId;
  private final boolean singleThreaded;

  private TrainingConfig(Builder b) {
    epochs = b.epochs;
    maxSteps = b.maxSteps;
    batchSize = b.batchSize;
    learningRate = b.learningRate;
    warmupRatio = b.warmupRatio;
    weightDecay = b.weightDecay;
    maxGradNorm = b.maxGradNorm;
    beta1 = b.beta1;
    beta2 = b.beta2;
    epsilon = b.epsilon;
    evalEvery = b.evalEvery;
    patience = b.patience;
    logEvery = b.logEvery;
    seed = b.seed;
    bucketByLength = b.bucketByLength;
    padId = b.padId;
    singleThreaded = b.singleThreaded;
  }

  /** Defaults: 3 epochs, batch 32, lr 5e-5, no warm-up, decay 0.01, clip 1.0, seed 42. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised with this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.epochs = epochs;
    b.maxSteps = maxSteps;
    b.batchSize = batchSize;
    b.learningRate = learningRate;
    b.warmupRatio = warmupRatio;
    b.weightDecay = weightDecay;
    b.maxGradNorm = maxGradNorm;
    b.beta1 = beta1;
    b.beta2 = beta2;
    b.epsilon = epsilon;
    b.evalEvery = evalEvery;
    b.patience = patience;
    b.logEvery = logEvery;
    b.seed = seed;
    b.bucketByLength = bucketByLength;
    b.padId = padId;
    b.singleThreaded = singleThreaded;
    return b;
  }

  /** Passes over the training data (ignored when {@link #maxSteps()} is set). */
  public int epochs() {
    return epochs;
  }

  /** Number of updates; 0 means {@code epochs x batches per epoch}. */
  public long maxSteps() {
    return maxSteps;
  }

  public int batchSize() {
    return batchSize;
  }

  /** Peak learning rate. */
  public double learningRate() {
    return learningRate;
  }

  /** Share of the updates spent warming up linearly (then linear decay to 0). */
  public double warmupRatio() {
    return warmupRatio;
  }

  public double weightDecay() {
    return weightDecay;
  }

  /** Global-norm clipping threshold; 0 disables clipping. */
  public double maxGradNorm() {
    return maxGradNorm;
  }

  public double beta1() {
    return beta1;
  }

  public double beta2() {
    return beta2;
  }

  public double epsilon() {
    return epsilon;
  }

  /** Evaluate every this many updates; 0 evaluates at the end of every epoch. */
  public long evalEvery() {
    return evalEvery;
  }

  /** Stop after this many evaluations without improvement; 0 never stops early. */
  public int patience() {
    return patience;
  }

  /** Log progress every this many updates. */
  public long logEvery() {
    return logEvery;
  }

  /** Seed of data order, masking and (via {@link Determinism}) libtorch's generator. */
  public long seed() {
    return seed;
  }

  public boolean bucketByLength() {
    return bucketByLength;
  }

  public int padId() {
    return padId;
  }

  /**
   * Deterministic mode: limit libtorch to one intra-op thread (JVM-wide, from the start of training
   * on), so that runs are bit-reproducible across JVMs. Seeding always happens.
   */
  public boolean singleThreaded() {
    return singleThreaded;
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
      return new TrainingConfig(this);
    }
  }
}

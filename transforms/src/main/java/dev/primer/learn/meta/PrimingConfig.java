package dev.primer.learn.meta;

import dev.primer.learn.train.LearningRateSchedule;
import java.io.Serializable;
import java.util.Objects;

/**
 * Settings of a priming run ({@link PrimingTrainer}): the variant, the inner loop, the
 * meta-gradient order, the head's initialisation, and the outer AdamW (schedule, weight decay,
 * clipping). Serializable: the prime stage's settings carry it to the workers without its outer
 * schedule (which depends on the number of meta-steps) and each task completes it with {@link
 * #toBuilder()}; {@link PrimingTrainer#create} refuses a configuration without one.
 */
public final class PrimingConfig implements Serializable {

  private static final long serialVersionUID = 1L;

  private final PrimingVariant variant;
  private final HeadInit headInit;
  private final InnerLoopConfig inner;
  private final MetaOrder order;
  private final LearningRateSchedule outerSchedule;
  private final double weightDecay;
  private final double maxGradNorm;
  private final long seed;
  private final int padId;
  private final boolean lazyEmbeddings;

  private PrimingConfig(Builder b) {
    variant = b.variant;
    headInit = b.headInit;
    inner = b.inner;
    order = b.order;
    outerSchedule = b.outerSchedule;
    weightDecay = b.weightDecay;
    maxGradNorm = b.maxGradNorm;
    seed = b.seed;
    padId = b.padId;
    lazyEmbeddings = b.lazyEmbeddings;
  }

  /** A builder; the inner loop is required (and the outer schedule, to train). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised with this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.variant = variant;
    b.headInit = headInit;
    b.inner = inner;
    b.order = order;
    b.outerSchedule = outerSchedule;
    b.weightDecay = weightDecay;
    b.maxGradNorm = maxGradNorm;
    b.seed = seed;
    b.padId = padId;
    b.lazyEmbeddings = lazyEmbeddings;
    return b;
  }

  public PrimingVariant variant() {
    return variant;
  }

  /**
   * The head's start per episode; {@link PrimingVariant#MULTITASK} always trains one shared head.
   */
  public HeadInit headInit() {
    return variant == PrimingVariant.MULTITASK ? HeadInit.SHARED : headInit;
  }

  public InnerLoopConfig inner() {
    return inner;
  }

  public MetaOrder order() {
    return order;
  }

  /** Outer learning rate per meta-step; null until a task sets it (see the class comment). */
  public LearningRateSchedule outerSchedule() {
    return outerSchedule;
  }

  public double weightDecay() {
    return weightDecay;
  }

  public double maxGradNorm() {
    return maxGradNorm;
  }

  /** Seed of the per-step dropout generators and of the per-episode head initialisation. */
  public long seed() {
    return seed;
  }

  public int padId() {
    return padId;
  }

  /**
   * Whether the outer AdamW updates only the word-embedding rows of the subwords in the meta-batch
   * (lazy Adam, as TensorFlow's LazyAdam or PyTorch's SparseAdam; rows of other subwords keep their
   * values and moments), so that a meta-step costs the same whatever the vocabulary size; false
   * applies dense AdamW to the whole table. Only when the word embeddings are an outer parameter
   * and not adapted in the inner loop (not maml-all).
   */
  public boolean lazyEmbeddings() {
    return lazyEmbeddings;
  }

  /** Builder of {@link PrimingConfig}. */
  public static final class Builder {
    private PrimingVariant variant = PrimingVariant.PRIMED;
    private HeadInit headInit = HeadInit.REINIT;
    private InnerLoopConfig inner;
    private MetaOrder order = MetaOrder.FIRST;
    private LearningRateSchedule outerSchedule;
    private double weightDecay = 0.01;
    private double maxGradNorm = 1.0;
    private long seed = 42;
    private int padId;
    private boolean lazyEmbeddings = true;

    private Builder() {}

    public Builder optVariant(PrimingVariant variant) {
      this.variant = Objects.requireNonNull(variant);
      return this;
    }

    public Builder optHeadInit(HeadInit headInit) {
      this.headInit = Objects.requireNonNull(headInit);
      return this;
    }

    public Builder setInnerLoop(InnerLoopConfig inner) {
      this.inner = inner;
      return this;
    }

    public Builder optOrder(MetaOrder order) {
      this.order = Objects.requireNonNull(order);
      return this;
    }

    public Builder setOuterSchedule(LearningRateSchedule outerSchedule) {
      this.outerSchedule = outerSchedule;
      return this;
    }

    public Builder optWeightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    public Builder optMaxGradNorm(double maxGradNorm) {
      this.maxGradNorm = maxGradNorm;
      return this;
    }

    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder optPadId(int padId) {
      this.padId = padId;
      return this;
    }

    /** See {@link PrimingConfig#lazyEmbeddings()} (default true). */
    public Builder optLazyEmbeddings(boolean lazyEmbeddings) {
      this.lazyEmbeddings = lazyEmbeddings;
      return this;
    }

    public PrimingConfig build() {
      if (inner == null) {
        throw new IllegalArgumentException("priming needs an inner loop");
      }
      if (order == MetaOrder.SECOND && inner.optimizer() != InnerOptimizer.SGD) {
        throw new IllegalArgumentException(
            "second-order meta-gradients need the SGD inner loop, not " + inner.optimizer());
      }
      if (!(weightDecay >= 0)) {
        throw new IllegalArgumentException("weight decay must be >= 0");
      }
      return new PrimingConfig(this);
    }
  }
}

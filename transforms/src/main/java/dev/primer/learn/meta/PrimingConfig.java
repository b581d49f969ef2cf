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
 *
 * @param variant the priming variant
 * @param headInit the head's start per episode (read through {@link #headInit()})
 * @param inner the inner loop
 * @param order the meta-gradient order
 * @param outerSchedule outer learning rate per meta-step; null until a task sets it
 * @param weightDecay the outer AdamW's weight decay
 * @param maxGradNorm the outer clipping threshold
 * @param seed seed of the per-step dropout generators and of the per-episode head initialisation
 * @param padId the padding id
 * @param lazyEmbeddings whether the outer AdamW updates only the word-embedding rows of the
 *     subwords in the meta-batch (lazy Adam, as TensorFlow's LazyAdam or PyTorch's SparseAdam; rows
 *     of other subwords keep their values and moments), so that a meta-step costs the same whatever
 *     the vocabulary size; false applies dense AdamW to the whole table. Only when the word
 *     embeddings are an outer parameter and not adapted in the inner loop (not maml-all).
 */
public record PrimingConfig(
    PrimingVariant variant,
    HeadInit headInit,
    InnerLoopConfig inner,
    MetaOrder order,
    LearningRateSchedule outerSchedule,
    double weightDecay,
    double maxGradNorm,
    long seed,
    int padId,
    boolean lazyEmbeddings)
    implements Serializable {

  /** A builder; the inner loop is required (and the outer schedule, to train). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised with this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * The head's start per episode; {@link PrimingVariant#MULTITASK} always trains one shared head.
   */
  @Override
  public HeadInit headInit() {
    return variant == PrimingVariant.MULTITASK ? HeadInit.SHARED : headInit;
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

    private Builder(PrimingConfig c) {
      variant = c.variant;
      headInit = c.headInit;
      inner = c.inner;
      order = c.order;
      outerSchedule = c.outerSchedule;
      weightDecay = c.weightDecay;
      maxGradNorm = c.maxGradNorm;
      seed = c.seed;
      padId = c.padId;
      lazyEmbeddings = c.lazyEmbeddings;
    }

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
      return new PrimingConfig(
          variant,
          headInit,
          inner,
          order,
          outerSchedule,
          weightDecay,
          maxGradNorm,
          seed,
          padId,
          lazyEmbeddings);
    }
  }
}

package dev.primer.learn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.primer.learn.util.TorchOps;
import java.util.HashMap;
import java.util.Map;

/**
 * Adam with decoupled weight decay, numerically PyTorch's {@code torch.optim.AdamW}: per tensor
 * {@code w -= lr * wd * w; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; w -= lr / (1 - b1^t) * m
 * / (sqrt(v / (1 - b2^t)) + eps)}, where {@code g} is the gradient times a scale (used for
 * global-norm clipping).
 *
 * <p>Small tensors are updated by one native call (DJL's libtorch kernel, fed with a bias-corrected
 * rate and epsilon so that it matches PyTorch); that kernel allocates seven temporaries the size of
 * the tensor, which for a large embedding matrix costs more than the arithmetic (fresh pages).
 * Tensors of at least {@code inPlaceThreshold} elements are therefore updated by a sequence of
 * in-place operations through one reused scratch buffer, without allocation. State is kept per key
 * and created on first use; {@link #close()} frees it.
 */
public final class AdamW implements AutoCloseable {

  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double weightDecay;
  private final long inPlaceThreshold;
  private final Map<String, State> states = new HashMap<>();
  private NDManager scratchManager;
  private NDArray scratch;
  private final Map<String, NDArray> constants = new HashMap<>();

  private static final class State {
    final NDArray mean;
    final NDArray variance;
    long steps;

    State(NDArray weight) {
      mean = weight.zerosLike();
      variance = weight.zerosLike();
      NDScope.unregister(mean, variance);
    }
  }

  private AdamW(Builder b) {
    beta1 = b.beta1;
    beta2 = b.beta2;
    epsilon = b.epsilon;
    weightDecay = b.weightDecay;
    inPlaceThreshold = b.inPlaceThreshold;
  }

  /** A builder with PyTorch's defaults except weight decay 0.01 (betas 0.9/0.999, eps 1e-8). */
  public static Builder builder() {
    return new Builder();
  }

  /** The decoupled weight-decay coefficient. */
  public double weightDecay() {
    return weightDecay;
  }

  /**
   * Updates {@code weight} in place.
   *
   * @param key identifies the tensor's state (e.g. its parameter name)
   * @param weight the tensor to update (must not be recorded by autograd while updating)
   * @param grad its gradient
   * @param decay whether weight decay applies to this tensor
   * @param learningRate the rate for this update
   * @param gradScale factor applied to the gradient first (1 for none)
   */
  public void update(
      String key,
      NDArray weight,
      NDArray grad,
      boolean decay,
      double learningRate,
      double gradScale) {
    State s = states.computeIfAbsent(key, k -> new State(weight));
    s.steps++;
    double correction1 = 1 - Math.pow(beta1, s.steps);
    double sqrtCorrection2 = Math.sqrt(1 - Math.pow(beta2, s.steps));
    double decayRate = decay ? weightDecay : 0;
    if (weight.size() >= inPlaceThreshold) {
      updateInPlace(
          s, weight, grad, decayRate, learningRate, gradScale, correction1, sqrtCorrection2);
      return;
    }
    JniUtils.adamUpdate(
        (PtNDArray) weight,
        (PtNDArray) grad,
        (PtNDArray) s.mean,
        (PtNDArray) s.variance,
        (float) learningRate,
        (float) (learningRate * sqrtCorrection2 / correction1),
        (float) decayRate,
        (float) gradScale,
        -1f,
        (float) beta1,
        (float) beta2,
        (float) (epsilon * sqrtCorrection2),
        true);
  }

  private void updateInPlace(
      State s,
      NDArray weight,
      NDArray grad,
      double decayRate,
      double learningRate,
      double gradScale,
      double correction1,
      double sqrtCorrection2) {
    DataType type = weight.getDataType();
    NDManager owner = scratchOwner(weight);
    try (NDManager step = owner.newSubManager();
        NDArray flat = scratchView(weight)) {
      NDArray work = flat.reshape(weight.getShape());
      work.attach(step);
      if (decayRate != 0) {
        weight.muli(scalar(step, 1 - learningRate * decayRate, type));
      }
      // m = b1 m + (1 - b1) s g
      s.mean.muli(constant(beta1, type));
      copy(work, grad);
      work.muli(scalar(step, (1 - beta1) * gradScale, type));
      s.mean.addi(work);
      // v = b2 v + (1 - b2) s^2 g^2
      copy(work, grad);
      work.muli(grad);
      work.muli(scalar(step, (1 - beta2) * gradScale * gradScale, type));
      s.variance.muli(constant(beta2, type));
      s.variance.addi(work);
      // w -= lr sqrt(bc2) / bc1 * m / (sqrt(v) + eps sqrt(bc2))
      copy(work, s.variance);
      work.powi(constant(0.5, type));
      work.addi(scalar(step, epsilon * sqrtCorrection2, type));
      work.powi(constant(-1, type));
      work.muli(s.mean);
      work.muli(scalar(step, -learningRate * sqrtCorrection2 / correction1, type));
      weight.addi(work);
    }
  }

  private NDManager scratchOwner(NDArray weight) {
    if (scratchManager == null) {
      scratchManager = weight.getManager().newSubManager();
    }
    return scratchManager;
  }

  /** A flat view of the first {@code weight.size()} scratch elements, growing the scratch. */
  private NDArray scratchView(NDArray weight) {
    long n = weight.size();
    if (scratch == null || scratch.size() < n || scratch.getDataType() != weight.getDataType()) {
      if (scratch != null) {
        scratch.close();
      }
      scratch = scratchManager.create(new Shape(n), weight.getDataType());
      NDScope.unregister(scratch);
    }
    return JniUtils.slice((PtNDArray) scratch, 0, 0, n, 1);
  }

  private static void copy(NDArray target, NDArray source) {
    JniUtils.indexSet(
        (PtNDArray) target,
        (PtNDArray) source,
        new long[] {0},
        new long[] {target.getShape().get(0)},
        new long[] {1});
  }

  private NDArray constant(double value, DataType type) {
    return constants.computeIfAbsent(
        value + "/" + type,
        k -> {
          NDArray c = TorchOps.scalar(scratchManager, value, type);
          NDScope.unregister(c);
          return c;
        });
  }

  private static NDArray scalar(NDManager manager, double value, DataType type) {
    return TorchOps.scalar(manager, value, type);
  }

  /** Number of updates applied to {@code key} so far. */
  public long steps(String key) {
    State s = states.get(key);
    return s == null ? 0 : s.steps;
  }

  /** First-moment state of {@code key}, or null (for tests and checkpoints). */
  public NDArray mean(String key) {
    State s = states.get(key);
    return s == null ? null : s.mean;
  }

  /** Second-moment state of {@code key}, or null (for tests and checkpoints). */
  public NDArray variance(String key) {
    State s = states.get(key);
    return s == null ? null : s.variance;
  }

  @Override
  public void close() {
    for (State s : states.values()) {
      s.mean.close();
      s.variance.close();
    }
    states.clear();
    constants.clear();
    scratch = null;
    if (scratchManager != null) {
      scratchManager.close();
      scratchManager = null;
    }
  }

  /** Builder of {@link AdamW}. */
  public static final class Builder {
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-8;
    private double weightDecay = 0.01;
    private long inPlaceThreshold = 1L << 20;

    private Builder() {}

    public Builder optBetas(double beta1, double beta2) {
      this.beta1 = beta1;
      this.beta2 = beta2;
      return this;
    }

    public Builder optEpsilon(double epsilon) {
      this.epsilon = epsilon;
      return this;
    }

    public Builder optWeightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    /**
     * Tensors with at least this many elements use the allocation-free in-place path (default 2^20;
     * 0 for all tensors, {@code Long.MAX_VALUE} for none).
     */
    public Builder optInPlaceThreshold(long inPlaceThreshold) {
      this.inPlaceThreshold = inPlaceThreshold;
      return this;
    }

    public AdamW build() {
      if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
        throw new IllegalArgumentException("betas must be in [0, 1)");
      }
      if (!(epsilon > 0) || !(weightDecay >= 0)) {
        throw new IllegalArgumentException("epsilon must be > 0 and weight decay >= 0");
      }
      return new AdamW(this);
    }
  }
}

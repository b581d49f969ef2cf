package dev.primer.learn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.HashMap;
import java.util.Map;

/**
 * Adam with decoupled weight decay, numerically PyTorch's {@code torch.optim.AdamW}: per tensor
 * {@code w -= lr * wd * w; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; w -= lr / (1 - b1^t) * m
 * / (sqrt(v / (1 - b2^t)) + eps)}, where {@code g} is the gradient times a scale (used for
 * global-norm clipping).
 *
 * <p>Each update is one native call operating in place on the weight and the state (libtorch's
 * fused DJL kernel, fed with bias-corrected rate and epsilon so that it matches PyTorch). State is
 * kept per key and created on first use; {@link #close()} frees it.
 */
public final class AdamW implements AutoCloseable {

  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double weightDecay;
  private final Map<String, State> states = new HashMap<>();

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
    JniUtils.adamUpdate(
        (PtNDArray) weight,
        (PtNDArray) grad,
        (PtNDArray) s.mean,
        (PtNDArray) s.variance,
        (float) learningRate,
        (float) (learningRate * sqrtCorrection2 / correction1),
        (float) (decay ? weightDecay : 0),
        (float) gradScale,
        -1f,
        (float) beta1,
        (float) beta2,
        (float) (epsilon * sqrtCorrection2),
        true);
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
  }

  /** Builder of {@link AdamW}. */
  public static final class Builder {
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-8;
    private double weightDecay = 0.01;

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

package dev.primer.learn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.primer.learn.util.TorchOps;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Adam with decoupled weight decay, numerically PyTorch's {@code torch.optim.AdamW}: per tensor
 * {@code w -= lr * wd * w; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; w -= lr / (1 - b1^t) * m
 * / (sqrt(v / (1 - b2^t)) + eps)}, where {@code g} is the gradient times a scale (used for
 * global-norm clipping).
 *
 * <p>Each update is DJL's native libtorch kernel (fed with a bias-corrected rate and epsilon so
 * that it matches PyTorch), in place on the weight and the state. That kernel allocates seven
 * temporaries the size of its input; for a large embedding matrix fresh pages for them cost more
 * than the arithmetic, so large tensors are updated in row blocks of at most {@code chunkElements}
 * elements, whose temporaries the allocator reuses. State is kept per key and created on first use;
 * {@link #close()} frees it.
 *
 * <p>Kept rather than DJL's {@code ai.djl.training.optimizer.AdamW}: the row blocks halve the
 * update of mBERT's word-embedding table (57 ms instead of 106 ms, {@code bench/README.md}), and
 * the PyTorch-exact arithmetic is pinned by {@code AdamWTest}.
 */
public final class AdamW implements AutoCloseable {

  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double weightDecay;
  private final long chunkElements;
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
    chunkElements = b.chunkElements;
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
    float rate = (float) learningRate;
    float correctedRate = (float) (learningRate * sqrtCorrection2 / correction1);
    float decayRate = (float) (decay ? weightDecay : 0);
    float scale = (float) gradScale;
    float correctedEpsilon = (float) (epsilon * sqrtCorrection2);
    Shape shape = weight.getShape();
    long rows = shape.dimension() == 0 ? 1 : shape.get(0);
    long rowSize = rows == 0 ? 1 : Math.max(1, weight.size() / rows);
    long rowsPerChunk = Math.max(1, chunkElements / rowSize);
    if (rowsPerChunk >= rows) {
      kernel(
          weight,
          grad,
          s.mean,
          s.variance,
          rate,
          correctedRate,
          decayRate,
          scale,
          correctedEpsilon);
      return;
    }
    for (long start = 0; start < rows; start += rowsPerChunk) {
      long end = Math.min(rows, start + rowsPerChunk);
      try (NDArray w = rows(weight, start, end);
          NDArray g = rows(grad, start, end);
          NDArray m = rows(s.mean, start, end);
          NDArray v = rows(s.variance, start, end)) {
        kernel(w, g, m, v, rate, correctedRate, decayRate, scale, correctedEpsilon);
      }
    }
  }

  /**
   * Lazy update of some rows of {@code weight} (LazyAdam, as TensorFlow's {@code LazyAdam} or
   * PyTorch's {@code SparseAdam} for embeddings): only rows {@code rows} of the weight and of its
   * moments change, by the same rule as {@link #update} with this tensor's update count; the other
   * rows keep their values and moments (no decay of their moments, no weight decay). When the other
   * rows' gradients are zero and their moments are zero, the result is the dense update's. Costs in
   * the number of rows given, not in the tensor's size.
   *
   * @param key identifies the tensor's state
   * @param weight the tensor, {@code [N, ...]}
   * @param rowGrad the gradient of the given rows, {@code [R, ...]}
   * @param rows int64 {@code [R]} distinct row indices
   * @param decay whether weight decay applies (to the given rows)
   * @param learningRate the rate for this update
   * @param gradScale factor applied to the gradient first
   */
  public void updateRows(
      String key,
      NDArray weight,
      NDArray rowGrad,
      NDArray rows,
      boolean decay,
      double learningRate,
      double gradScale) {
    State s = states.computeIfAbsent(key, k -> new State(weight));
    s.steps++;
    double correction1 = 1 - Math.pow(beta1, s.steps);
    double sqrtCorrection2 = Math.sqrt(1 - Math.pow(beta2, s.steps));
    NDIndex index = new NDIndex("{}", rows);
    try (NDArray w = TorchOps.embedding(rows, weight);
        NDArray m = TorchOps.embedding(rows, s.mean);
        NDArray v = TorchOps.embedding(rows, s.variance)) {
      kernel(
          w,
          rowGrad,
          m,
          v,
          (float) learningRate,
          (float) (learningRate * sqrtCorrection2 / correction1),
          (float) (decay ? weightDecay : 0),
          (float) gradScale,
          (float) (epsilon * sqrtCorrection2));
      JniUtils.indexAdvPut((PtNDArray) weight, index, (PtNDArray) w);
      JniUtils.indexAdvPut((PtNDArray) s.mean, index, (PtNDArray) m);
      JniUtils.indexAdvPut((PtNDArray) s.variance, index, (PtNDArray) v);
    }
  }

  private void kernel(
      NDArray weight,
      NDArray grad,
      NDArray mean,
      NDArray variance,
      float rate,
      float correctedRate,
      float decayRate,
      float scale,
      float correctedEpsilon) {
    JniUtils.adamUpdate(
        (PtNDArray) weight,
        (PtNDArray) grad,
        (PtNDArray) mean,
        (PtNDArray) variance,
        rate,
        correctedRate,
        decayRate,
        scale,
        -1f,
        (float) beta1,
        (float) beta2,
        correctedEpsilon,
        true);
  }

  private static NDArray rows(NDArray array, long start, long end) {
    return JniUtils.slice((PtNDArray) array, 0, start, end, 1);
  }

  /** The keys that have state (updated at least once, or restored), sorted. */
  public SortedSet<String> keys() {
    return new TreeSet<>(states.keySet());
  }

  /**
   * Replaces the state of {@code key} with copies of saved moments (for resuming a run exactly).
   *
   * @param key the tensor's key
   * @param weight the tensor the state belongs to (sets device and type of the state)
   * @param mean saved first moment, same shape as {@code weight}
   * @param variance saved second moment, same shape as {@code weight}
   * @param steps updates applied to {@code key} when the state was saved
   */
  public void restore(String key, NDArray weight, NDArray mean, NDArray variance, long steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("negative step count for " + key);
    }
    State old = states.remove(key);
    if (old != null) {
      old.mean.close();
      old.variance.close();
    }
    State s = new State(weight);
    TorchOps.copyInto(s.mean, mean);
    TorchOps.copyInto(s.variance, variance);
    s.steps = steps;
    states.put(key, s);
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
    private long chunkElements = 1L << 18;

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
     * Largest number of elements updated by one native call (default 2^18: the op sequence then
     * works in cache; 2x faster than 2^20 on a 119547 x 128 table, one thread); larger tensors are
     * updated in row blocks.
     */
    public Builder optChunkElements(long chunkElements) {
      this.chunkElements = chunkElements;
      return this;
    }

    public AdamW build() {
      if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
        throw new IllegalArgumentException("betas must be in [0, 1)");
      }
      if (!(epsilon > 0) || !(weightDecay >= 0) || chunkElements <= 0) {
        throw new IllegalArgumentException("epsilon must be > 0 and weight decay >= 0");
      }
      return new AdamW(this);
    }
  }
}

package dev.primer.learn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies AdamW to a model's trainable parameters from the gradients stored on them: global-norm
 * clipping, scheduled learning rate, no weight decay on biases and LayerNorm weights; then zeroes
 * the gradients. Runs outside any gradient recording.
 */
public final class ModelOptimizer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ModelOptimizer.class);

  /**
   * What one update did.
   *
   * @param step 0-based index of the update
   * @param learningRate the rate used
   * @param gradNorm global gradient norm before clipping (NaN when clipping is off)
   * @param skipped true when the gradients were not finite and the update was skipped
   */
  public record Update(long step, double learningRate, double gradNorm, boolean skipped) {}

  private final Map<String, Parameter> parameters;
  private final AdamW adamW;
  private final LearningRateSchedule schedule;
  private final double maxGradNorm;
  private long steps;

  /**
   * Creates the optimizer.
   *
   * @param parameters trainable parameters by name (decay is decided by the name)
   * @param adamW the update rule (owned by this object afterwards)
   * @param schedule learning rate per update
   * @param maxGradNorm clipping threshold; {@code <= 0} disables clipping
   */
  public ModelOptimizer(
      Map<String, Parameter> parameters,
      AdamW adamW,
      LearningRateSchedule schedule,
      double maxGradNorm) {
    this.parameters = new LinkedHashMap<>(parameters);
    this.adamW = adamW;
    this.schedule = schedule;
    this.maxGradNorm = maxGradNorm;
  }

  /** Whether weight decay applies to a parameter: not to biases and LayerNorm weights. */
  public static boolean decays(String name) {
    return !name.endsWith(".bias") && !name.contains("LayerNorm.");
  }

  /** Number of updates applied so far. */
  public long steps() {
    return steps;
  }

  /**
   * Sets the number of updates applied so far (the schedule position), when resuming a run whose
   * AdamW state is restored separately.
   */
  public void restoreSteps(long steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("negative step count " + steps);
    }
    this.steps = steps;
  }

  /** The parameters this optimizer updates. */
  public Map<String, Parameter> parameters() {
    return parameters;
  }

  /** The underlying AdamW (state access). */
  public AdamW adamW() {
    return adamW;
  }

  /**
   * One update from the stored gradients, which are then zeroed.
   *
   * @return what was done
   */
  public Update step() {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      Map<String, NDArray> grads = new LinkedHashMap<>();
      for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
        grads.put(e.getKey(), e.getValue().getArray().getGradient());
      }
      Update update = step(grads);
      zero();
      return update;
    }
  }

  /**
   * One update from explicit gradients (e.g. meta-gradients), one per parameter of this optimizer;
   * the parameters' stored gradients are not read nor zeroed.
   *
   * @param gradients parameter name to gradient
   * @return what was done
   */
  public Update step(Map<String, NDArray> gradients) {
    return step(gradients, Map.of());
  }

  /**
   * One update from explicit gradients where some parameters get only some of their rows: for a
   * parameter in {@code rows}, its gradient holds just those rows (its other rows' gradient being
   * zero), and AdamW updates those rows lazily ({@link AdamW#updateRows}). Clipping uses the norm
   * of all given gradients, which is the dense gradients' norm.
   *
   * @param gradients parameter name to gradient (rows only for the parameters in {@code rows})
   * @param rows parameter name to int64 {@code [R]} distinct row indices
   * @return what was done
   */
  public Update step(Map<String, NDArray> gradients, Map<String, NDArray> rows) {
    double lr = schedule.rate(steps);
    double norm = Double.NaN;
    List<NDArray> grads = new ArrayList<>(parameters.size());
    for (String name : parameters.keySet()) {
      NDArray g = gradients.get(name);
      if (g == null) {
        throw new IllegalArgumentException("no gradient given for parameter " + name);
      }
      grads.add(g);
    }
    double scale = 1;
    // in-place updates of leaves that may require gradients: never recorded (libtorch's grad mode
    // is per thread and on by default in threads the engine was not loaded in)
    boolean gradMode = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      if (maxGradNorm > 0) {
        norm = GradientClipping.globalNorm(grads);
        if (!Double.isFinite(norm)) {
          LOG.warn("gradient norm is {} at update {}: update skipped", norm, steps);
          steps++;
          return new Update(steps - 1, lr, norm, true);
        }
        scale = GradientClipping.scale(norm, maxGradNorm);
      }
      int i = 0;
      for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
        NDArray subset = rows.get(e.getKey());
        if (subset != null) {
          adamW.updateRows(
              e.getKey(),
              e.getValue().getArray(),
              grads.get(i++),
              subset,
              decays(e.getKey()),
              lr,
              scale);
        } else {
          adamW.update(
              e.getKey(), e.getValue().getArray(), grads.get(i++), decays(e.getKey()), lr, scale);
        }
      }
    } finally {
      JniUtils.setGradMode(gradMode);
    }
    steps++;
    return new Update(steps - 1, lr, norm, false);
  }

  /** Zeroes the stored gradients. */
  public void zero() {
    for (Parameter p : parameters.values()) {
      JniUtils.zeroGrad((PtNDArray) p.getArray());
    }
  }

  @Override
  public void close() {
    adamW.close();
  }
}

package dev.primer.learn.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link ParameterStore} that serves substituted values for some parameters (looked up by
 * parameter id) and the model's own arrays for all others, on the model's device. The model is
 * never mutated: this is how MAML evaluates a loss at adapted ("fast") weights.
 *
 * <p>An empty instance is also the cheapest store for ordinary forward passes. The store does not
 * own the substituted arrays; whoever created them closes them.
 */
public final class FastWeights extends ParameterStore {

  /** The base class wants a manager; this store never allocates through it. */
  private static final NDManager UNUSED_MANAGER = NDManager.newBaseManager();

  private final Map<String, NDArray> overrides = new HashMap<>();

  /** An empty store (every parameter served from the model). */
  public FastWeights() {
    super(UNUSED_MANAGER, false);
  }

  /**
   * A store with substituted values by parameter name.
   *
   * @param model the model whose parameters are named
   * @param valuesByName replacement arrays (same shape as the parameter)
   * @return the store
   */
  public static FastWeights of(EncoderModel model, Map<String, NDArray> valuesByName) {
    FastWeights store = new FastWeights();
    valuesByName.forEach((name, value) -> store.put(model.parameter(name), value));
    return store;
  }

  /**
   * Substitutes {@code value} for {@code parameter}.
   *
   * @throws IllegalArgumentException when the shapes differ
   */
  public FastWeights put(Parameter parameter, NDArray value) {
    if (!parameter.getShape().equals(value.getShape())) {
      throw new IllegalArgumentException(
          "fast weight for "
              + parameter.getName()
              + " has shape "
              + value.getShape()
              + ", parameter has "
              + parameter.getShape());
    }
    overrides.put(parameter.getId(), value);
    return this;
  }

  /**
   * Substitutes some rows of a 2-D table (an embedding) for the whole table: {@code rows} holds
   * rows {@code r_0 .. r_{R-1}} of the parameter, and the inputs must refer to them by their
   * position {@code 0 .. R-1} instead of their original index. Gradients then reach only those
   * rows.
   *
   * @throws IllegalArgumentException unless both are 2-D with the same row width
   */
  public FastWeights putRows(Parameter parameter, NDArray rows) {
    if (parameter.getShape().dimension() != 2
        || rows.getShape().dimension() != 2
        || parameter.getShape().get(1) != rows.getShape().get(1)) {
      throw new IllegalArgumentException(
          "rows "
              + rows.getShape()
              + " do not fit the table "
              + parameter.getName()
              + " "
              + parameter.getShape());
    }
    overrides.put(parameter.getId(), rows);
    return this;
  }

  /** Removes every substitution. */
  public void clear() {
    overrides.clear();
  }

  /** Number of substituted parameters. */
  public int size() {
    return overrides.size();
  }

  @Override
  public NDArray getValue(Parameter parameter, Device device, boolean training) {
    if (parameter == null) {
      return null;
    }
    NDArray value = overrides.get(parameter.getId());
    return value != null ? value : parameter.getArray();
  }
}

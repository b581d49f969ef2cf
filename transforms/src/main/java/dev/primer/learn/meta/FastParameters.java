package dev.primer.learn.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.model.FastWeights;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Detached copies of some model parameters, as autograd leaves that require gradients: MAML's fast
 * weights. The model itself is not touched; {@link #store()} serves the copies in forward passes.
 * Closing frees the copies and their gradients.
 */
public final class FastParameters implements AutoCloseable {

  private final NDManager manager;
  private final Map<String, Parameter> parameters = new LinkedHashMap<>();
  private final Map<String, NDArray> values = new LinkedHashMap<>();

  private FastParameters(NDManager manager) {
    this.manager = manager;
  }

  /**
   * Copies the current values of the named parameters.
   *
   * @param model the model
   * @param names parameter names
   * @return leaves that require gradients, owned by the returned object
   */
  public static FastParameters copyOf(EncoderModel model, Collection<String> names) {
    FastParameters fast = new FastParameters(model.manager().newSubManager());
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      for (String name : names) {
        Parameter p = model.parameter(name);
        NDArray copy = p.getArray().duplicate();
        NDScope.unregister(copy);
        copy.attach(fast.manager);
        copy.setRequiresGradient(true);
        fast.parameters.put(name, p);
        fast.values.put(name, copy);
      }
    } finally {
      JniUtils.setGradMode(grad);
    }
    return fast;
  }

  /** Parameter names, in order. */
  public Collection<String> names() {
    return Collections.unmodifiableSet(values.keySet());
  }

  /** The copy of {@code name}. */
  public NDArray value(String name) {
    NDArray v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no fast copy of " + name);
    }
    return v;
  }

  /** The model parameter {@code name} was copied from. */
  public Parameter parameter(String name) {
    return parameters.get(name);
  }

  /** Copies by name. */
  public Map<String, NDArray> values() {
    return Collections.unmodifiableMap(values);
  }

  /** A parameter store serving these copies (and the model's values for everything else). */
  public FastWeights store() {
    FastWeights store = new FastWeights();
    values.forEach((name, value) -> store.put(parameters.get(name), value));
    return store;
  }

  /** Zeroes the gradients accumulated on the copies. */
  public void zeroGradients() {
    for (NDArray v : values.values()) {
      JniUtils.zeroGrad((PtNDArray) v);
    }
  }

  /** The manager owning the copies (device of the model). */
  public NDManager manager() {
    return manager;
  }

  @Override
  public void close() {
    manager.close();
  }
}

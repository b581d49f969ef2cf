package dev.primer.learn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import dev.primer.learn.util.TorchOps;
import java.util.LinkedHashMap;
import java.util.Map;

/** Copies of some parameters' values, to restore later (e.g. the best checkpoint of a run). */
public final class ParameterSnapshot implements AutoCloseable {

  private final NDManager manager;
  private final Map<Parameter, NDArray> copies = new LinkedHashMap<>();

  /**
   * Copies the current values.
   *
   * @param parameters what to copy
   * @param owner manager whose device holds the copies (a sub-manager is created)
   */
  public ParameterSnapshot(Iterable<Parameter> parameters, NDManager owner) {
    manager = owner.newSubManager();
    capture(parameters);
  }

  /** Replaces the copies with the current values of the same parameters. */
  public void recapture() {
    for (Map.Entry<Parameter, NDArray> e : copies.entrySet()) {
      TorchOps.copyInto(e.getValue(), e.getKey().getArray());
    }
  }

  private void capture(Iterable<Parameter> parameters) {
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      for (Parameter p : parameters) {
        NDArray copy = p.getArray().duplicate();
        copy.attach(manager);
        copies.put(p, copy);
      }
    } finally {
      JniUtils.setGradMode(grad);
    }
  }

  /** Writes the copied values back into the parameters. */
  public void restore() {
    for (Map.Entry<Parameter, NDArray> e : copies.entrySet()) {
      TorchOps.copyInto(e.getKey().getArray(), e.getValue());
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}

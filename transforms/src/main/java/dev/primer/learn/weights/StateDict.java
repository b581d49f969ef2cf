package dev.primer.learn.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An ordered map from parameter name (HuggingFace BERT naming, e.g. {@code
 * bert.encoder.layer.0.attention.self.query.weight}) to {@link Tensor}: the unit that checkpoints
 * store and importers produce.
 */
public final class StateDict {

  private final LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();

  /** Adds or replaces a tensor; returns this. */
  public StateDict put(String name, Tensor tensor) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("Tensor name must not be empty");
    }
    tensors.put(name, tensor);
    return this;
  }

  /** The tensor called {@code name}, or {@code null}. */
  public Tensor get(String name) {
    return tensors.get(name);
  }

  /** The tensor called {@code name}; fails with a message naming it when absent. */
  public Tensor require(String name) {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException("Missing tensor " + name);
    }
    return t;
  }

  /** Removes and returns the tensor called {@code name}, or {@code null}. */
  public Tensor remove(String name) {
    return tensors.remove(name);
  }

  /** Whether a tensor called {@code name} is present. */
  public boolean contains(String name) {
    return tensors.containsKey(name);
  }

  /** Names in insertion order (read-only view). */
  public Set<String> names() {
    return Collections.unmodifiableSet(tensors.keySet());
  }

  /** Entries in insertion order (read-only view). */
  public Map<String, Tensor> asMap() {
    return Collections.unmodifiableMap(tensors);
  }

  /** Number of tensors. */
  public int size() {
    return tensors.size();
  }

  /** Total number of elements over all tensors. */
  public long parameterCount() {
    long n = 0;
    for (Tensor t : tensors.values()) {
      n += t.numel();
    }
    return n;
  }

  /** Name to shape, in order. */
  public Map<String, long[]> shapes() {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    tensors.forEach((k, v) -> shapes.put(k, v.shape()));
    return shapes;
  }

  /** A new state dict with the tensors whose names pass {@code filter} (tensors shared). */
  public StateDict filter(Predicate<String> filter) {
    StateDict out = new StateDict();
    tensors.forEach(
        (k, v) -> {
          if (filter.test(k)) {
            out.put(k, v);
          }
        });
    return out;
  }

  /** Whether both hold the same names in the same order with bit-identical tensors. */
  public boolean bitEquals(StateDict other) {
    if (!new java.util.ArrayList<>(tensors.keySet())
        .equals(new java.util.ArrayList<>(other.tensors.keySet()))) {
      return false;
    }
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      if (!e.getValue().bitEquals(other.tensors.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** Named NDArrays (copies) in {@code manager}, in order. */
  public NDList toNDList(NDManager manager) {
    NDList list = new NDList(tensors.size());
    tensors.forEach(
        (name, t) -> {
          NDArray array = t.toNDArray(manager);
          array.setName(name);
          list.add(array);
        });
    return list;
  }

  /** Copies named NDArrays into a state dict; every array must have a unique name. */
  public static StateDict fromNDList(NDList list) {
    StateDict out = new StateDict();
    for (NDArray array : list) {
      String name = array.getName();
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("NDArray without a name: " + array.getShape());
      }
      if (out.contains(name)) {
        throw new IllegalArgumentException("Duplicate NDArray name " + name);
      }
      out.put(name, Tensor.fromNDArray(array));
    }
    return out;
  }
}

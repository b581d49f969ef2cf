package dev.primer.learn.model;

import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the named parameters of a model; every parameter is one state-dict tensor under its
 * HuggingFace name.
 */
public final class TensorRegistry {

  private final Map<String, Parameter> parameters = new LinkedHashMap<>();
  private final List<TensorSlot> slots = new ArrayList<>();

  /** Registers a parameter under {@code name}. */
  public void add(String name, Parameter parameter) {
    if (parameter.getShape() == null) {
      throw new IllegalStateException("parameter " + name + " has no shape");
    }
    if (parameters.put(name, parameter) != null) {
      throw new IllegalStateException("duplicate parameter name " + name);
    }
    slots.add(new TensorSlot(name, parameter));
  }

  /** Parameters by name, in registration order. */
  public Map<String, Parameter> parameters() {
    return Collections.unmodifiableMap(parameters);
  }

  /** State-dict tensors, in registration order. */
  public List<TensorSlot> slots() {
    return Collections.unmodifiableList(slots);
  }
}

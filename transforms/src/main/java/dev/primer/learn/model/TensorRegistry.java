package dev.primer.learn.model;

import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the named parameters of a model (internal names) and its state-dict tensors (the
 * HuggingFace names, which may be row blocks of a fused parameter).
 */
public final class TensorRegistry {

  private final Map<String, Parameter> parameters = new LinkedHashMap<>();
  private final List<TensorSlot> slots = new ArrayList<>();

  /** Registers a parameter that is one state-dict tensor under the same name. */
  public void add(String name, Parameter parameter) {
    putParameter(name, parameter);
    slots.add(new TensorSlot(name, parameter, 0, parameter.getShape().get(0)));
  }

  /**
   * Registers a parameter whose rows are split, in equal blocks along axis 0, into several
   * state-dict tensors.
   *
   * @param internalName name of the fused parameter
   * @param parameter the fused parameter
   * @param tensorNames state-dict names of the row blocks, in order
   */
  public void addFused(String internalName, Parameter parameter, String... tensorNames) {
    putParameter(internalName, parameter);
    long rows = parameter.getShape().get(0);
    if (rows % tensorNames.length != 0) {
      throw new IllegalStateException(internalName + " rows do not split evenly");
    }
    long block = rows / tensorNames.length;
    for (int i = 0; i < tensorNames.length; i++) {
      slots.add(new TensorSlot(tensorNames[i], parameter, i * block, (i + 1) * block));
    }
  }

  private void putParameter(String name, Parameter parameter) {
    if (parameter.getShape() == null) {
      throw new IllegalStateException("parameter " + name + " has no shape");
    }
    if (parameters.put(name, parameter) != null) {
      throw new IllegalStateException("duplicate parameter name " + name);
    }
  }

  /** Parameters by internal name, in registration order. */
  public Map<String, Parameter> parameters() {
    return Collections.unmodifiableMap(parameters);
  }

  /** State-dict tensors, in registration order. */
  public List<TensorSlot> slots() {
    return Collections.unmodifiableList(slots);
  }
}

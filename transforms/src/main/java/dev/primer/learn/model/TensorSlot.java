package dev.primer.learn.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.Objects;

/** One named tensor of the state dict and the model parameter that holds it. */
public final class TensorSlot {

  private final String name;
  private final Parameter parameter;

  TensorSlot(String name, Parameter parameter) {
    this.name = Objects.requireNonNull(name);
    this.parameter = Objects.requireNonNull(parameter);
  }

  /** State-dict name (HuggingFace BERT naming). */
  public String name() {
    return name;
  }

  /** The model parameter holding this tensor. */
  public Parameter parameter() {
    return parameter;
  }

  /** Shape of this tensor. */
  public Shape shape() {
    return parameter.getShape();
  }
}

package dev.primer.learn.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.Objects;

/**
 * One named tensor of the state dict and where it lives inside the model: rows {@code [rowStart,
 * rowEnd)} (along axis 0) of a parameter. Most tensors are a whole parameter; the query, key and
 * value weights are row blocks of the fused QKV parameter.
 */
public final class TensorSlot {

  private final String name;
  private final Parameter parameter;
  private final long rowStart;
  private final long rowEnd;

  TensorSlot(String name, Parameter parameter, long rowStart, long rowEnd) {
    this.name = Objects.requireNonNull(name);
    this.parameter = Objects.requireNonNull(parameter);
    this.rowStart = rowStart;
    this.rowEnd = rowEnd;
  }

  /** State-dict name (HuggingFace BERT naming). */
  public String name() {
    return name;
  }

  /** The model parameter holding this tensor. */
  public Parameter parameter() {
    return parameter;
  }

  /** First row of the parameter that belongs to this tensor. */
  public long rowStart() {
    return rowStart;
  }

  /** One past the last row of the parameter that belongs to this tensor. */
  public long rowEnd() {
    return rowEnd;
  }

  /** Whether this tensor is the whole parameter. */
  public boolean isWholeParameter() {
    return rowStart == 0 && rowEnd == parameter.getShape().get(0);
  }

  /** Shape of this tensor in the state dict. */
  public Shape shape() {
    Shape full = parameter.getShape();
    if (isWholeParameter()) {
      return full;
    }
    long[] dims = full.getShape().clone();
    dims[0] = rowEnd - rowStart;
    return new Shape(dims);
  }
}

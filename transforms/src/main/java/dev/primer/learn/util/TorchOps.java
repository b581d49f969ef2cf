package dev.primer.learn.util;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Thin, allocation-light wrappers over the libtorch operators the learning core needs.
 *
 * <p>Every method here calls one libtorch operator directly. None of them creates a scalar from a
 * Java number on the gradient path: DJL's {@code mul/div/pow(Number)} wrap the number in an array
 * backed by a Java direct buffer that is released while autograd may still read it (see
 * ../shared/NOTES.md). Scalars that must enter the graph are made by libtorch with {@link
 * #scalar(NDManager, double, DataType)}.
 */
public final class TorchOps {

  private TorchOps() {}

  private static PtNDArray pt(NDArray array) {
    return (PtNDArray) array;
  }

  /** {@code x W^T + b}, like {@code torch.nn.functional.linear}; {@code bias} may be null. */
  public static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
    return JniUtils.linear(pt(x), pt(weight), bias == null ? null : pt(bias));
  }

  /** Rows of {@code table} selected by the integer {@code indices} (differentiable in table). */
  public static NDArray embedding(NDArray indices, NDArray table) {
    return JniUtils.embedding(pt(indices), pt(table), false);
  }

  /**
   * As {@link #embedding}, but the backward pass hands the table a row-sparse gradient (only the
   * looked-up rows) instead of a dense zero-filled {@code [V, H]} one. Use it only for a leaf table
   * whose dense {@code .grad} already exists ({@link #hasDenseGradient}): libtorch then adds the
   * rows into it in place, skipping a full-table fill and a full-table add per step (a large part
   * of a full fine-tuning step with a 120k vocabulary). The accumulated values are the same.
   */
  public static NDArray sparseGradientEmbedding(NDArray indices, NDArray table) {
    return JniUtils.embedding(pt(indices), pt(table), true);
  }

  /** Whether {@code array} requires gradients and already holds a dense {@code .grad}. */
  public static boolean hasDenseGradient(NDArray array) {
    if (!array.hasGradient()) {
      return false;
    }
    PtNDArray grad = JniUtils.getGradient(pt(array));
    if (grad == null) {
      return false;
    }
    try (grad) {
      return grad.getSparseFormat() == ai.djl.ndarray.types.SparseFormat.DENSE;
    }
  }

  /** LayerNorm over the last dimension. */
  public static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta, double eps) {
    long last = x.getShape().get(x.getShape().dimension() - 1);
    return JniUtils.layerNorm(pt(x), new Shape(last), pt(gamma), pt(beta), eps);
  }

  /** GELU with the exact erf formulation (libtorch's default). */
  public static NDArray gelu(NDArray x) {
    return JniUtils.gelu(pt(x));
  }

  /** ReLU. */
  public static NDArray relu(NDArray x) {
    return JniUtils.relu(pt(x));
  }

  /** SiLU ({@code x * sigmoid(x)}), computed from two tensors (no Java scalar). */
  public static NDArray silu(NDArray x) {
    return x.mul(JniUtils.sigmoid(pt(x)));
  }

  /** Inverted dropout; the identity when {@code rate} is 0 or not training. See {@link Dropout}. */
  public static NDArray dropout(NDArray x, double rate, boolean training) {
    return Dropout.apply(x, rate, training);
  }

  /** A view of rows {@code [start, end)} along {@code axis}. */
  public static NDArray slice(NDArray x, int axis, long start, long end) {
    return JniUtils.slice(pt(x), axis, start, end, 1);
  }

  /** Broadcasts {@code x} to {@code shape} (a view, differentiable). */
  public static NDArray broadcast(NDArray x, Shape shape) {
    return JniUtils.broadcast(pt(x), shape);
  }

  /** Swaps two axes of {@code x} (a view). */
  public static NDArray transpose(NDArray x, int axis1, int axis2) {
    return JniUtils.transpose(pt(x), axis1, axis2);
  }

  /** Frobenius (2-)norm of all elements, as a 0-d array. */
  public static NDArray l2Norm(NDArray x) {
    int[] axes = new int[x.getShape().dimension()];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i;
    }
    return JniUtils.norm(pt(x), 2, axes, false);
  }

  /**
   * A 0-d array holding {@code value}, made by libtorch (so autograd may keep it safely).
   *
   * @param manager manager (and device) of the new array
   * @param value the value, kept in double precision for float64 arrays
   * @param dataType the element type
   * @return the scalar array
   */
  public static NDArray scalar(NDManager manager, double value, DataType dataType) {
    return JniUtils.full(
        (PtNDManager) manager,
        new Shape(),
        value,
        dataType,
        manager.getDevice(),
        SparseFormat.DENSE);
  }

  /** An array of the given shape filled with {@code value}, made by libtorch. */
  public static NDArray full(NDManager manager, Shape shape, double value, DataType dataType) {
    return JniUtils.full(
        (PtNDManager) manager, shape, value, dataType, manager.getDevice(), SparseFormat.DENSE);
  }

  /**
   * Copies {@code source} into {@code target} in place (native copy, no Java buffer, no autograd
   * record). Shapes must be equal; the element type is converted if needed.
   */
  public static void copyInto(NDArray target, NDArray source) {
    Shape shape = target.getShape();
    if (!shape.equals(source.getShape())) {
      throw new IllegalArgumentException(
          "cannot copy an array of shape " + source.getShape() + " into one of shape " + shape);
    }
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try (NDManager temp = target.getManager().newSubManager()) {
      NDArray src = source;
      if (source.getDataType() != target.getDataType()
          || !source.getDevice().equals(target.getDevice())) {
        src = JniUtils.to(pt(source), target.getDataType(), target.getDevice());
        src.attach(temp);
      }
      NDArray dst = target;
      if (shape.dimension() == 0) {
        dst = target.reshape(1);
        src = src.reshape(1);
        dst.attach(temp);
        src.attach(temp);
      }
      JniUtils.indexSet(pt(dst), pt(src), new long[] {0}, new long[] {dst.getShape().get(0)}, ONE);
    } finally {
      JniUtils.setGradMode(grad);
    }
  }

  private static final long[] ONE = {1};

  /** The value of a one-element float array as a double (one host synchronisation). */
  public static double toDouble(NDArray scalar) {
    switch (scalar.getDataType()) {
      case FLOAT64:
        return scalar.getDouble();
      case FLOAT32:
        return scalar.getFloat();
      default:
        try (NDArray wide = scalar.toType(DataType.FLOAT64, true)) {
          return wide.getDouble();
        }
    }
  }
}

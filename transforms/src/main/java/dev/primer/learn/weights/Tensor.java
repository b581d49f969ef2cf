package dev.primer.learn.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * A dense row-major tensor held on the Java heap: float32 (all weights) or int64 (index buffers
 * such as HuggingFace's {@code position_ids}). The data array is shared, not copied: treat it as
 * read-only once the tensor is in a {@link StateDict}.
 */
public final class Tensor {

  /** Element types a {@link Tensor} can hold. */
  public enum DType {
    F32(4),
    I64(8);

    private final int bytes;

    DType(int bytes) {
      this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
      return bytes;
    }
  }

  private final DType dtype;
  private final long[] shape;
  private final float[] floats;
  private final long[] longs;

  private Tensor(DType dtype, long[] shape, float[] floats, long[] longs) {
    this.dtype = dtype;
    this.shape = shape.clone();
    this.floats = floats;
    this.longs = longs;
    long n = numel(this.shape);
    long length = floats != null ? floats.length : longs.length;
    if (n != length) {
      throw new IllegalArgumentException(
          "Shape " + Arrays.toString(shape) + " needs " + n + " elements, got " + length);
    }
  }

  /** A float32 tensor over {@code data} (not copied). */
  public static Tensor of(float[] data, long... shape) {
    return new Tensor(DType.F32, shape, data, null);
  }

  /** An int64 tensor over {@code data} (not copied). */
  public static Tensor ofLongs(long[] data, long... shape) {
    return new Tensor(DType.I64, shape, null, data);
  }

  /** Copies an NDArray (float32, float16, float64 widened or narrowed to float32; int64). */
  public static Tensor fromNDArray(NDArray array) {
    long[] shape = array.getShape().getShape();
    DataType type = array.getDataType();
    if (type == DataType.INT64) {
      return ofLongs(array.toLongArray(), shape);
    }
    if (type == DataType.FLOAT32 || type == DataType.FLOAT16) {
      return of(array.toFloatArray(), shape);
    }
    if (type == DataType.FLOAT64) {
      double[] d = array.toDoubleArray();
      float[] f = new float[d.length];
      for (int i = 0; i < d.length; i++) {
        f[i] = (float) d[i];
      }
      return of(f, shape);
    }
    throw new IllegalArgumentException(
        "Unsupported data type " + type + " of array " + array.getName());
  }

  /** Creates an NDArray holding a copy of this tensor in {@code manager}. */
  public NDArray toNDArray(NDManager manager) {
    Shape s = new Shape(shape);
    return dtype == DType.F32 ? manager.create(floats, s) : manager.create(longs, s);
  }

  /** The element type. */
  public DType dtype() {
    return dtype;
  }

  /** A copy of the shape. */
  public long[] shape() {
    return shape.clone();
  }

  /** Size of dimension {@code i}. */
  public long dim(int i) {
    return shape[i];
  }

  /** Number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /** Number of elements. */
  public long numel() {
    return numel(shape);
  }

  /** Size of the data in bytes. */
  public long byteSize() {
    return numel() * dtype.bytes();
  }

  /** The float32 data (shared, not copied). */
  public float[] floats() {
    if (floats == null) {
      throw new IllegalStateException("Not a float32 tensor: " + dtype);
    }
    return floats;
  }

  /** The int64 data (shared, not copied). */
  public long[] longs() {
    if (longs == null) {
      throw new IllegalStateException("Not an int64 tensor: " + dtype);
    }
    return longs;
  }

  /** Whether {@code other} has the same dtype, shape and bit-identical data. */
  public boolean bitEquals(Tensor other) {
    if (dtype != other.dtype || !Arrays.equals(shape, other.shape)) {
      return false;
    }
    if (dtype == DType.I64) {
      return Arrays.equals(longs, other.longs);
    }
    for (int i = 0; i < floats.length; i++) {
      if (Float.floatToRawIntBits(floats[i]) != Float.floatToRawIntBits(other.floats[i])) {
        return false;
      }
    }
    return true;
  }

  /** Shape as text, e.g. {@code [768, 3072]}. */
  public String shapeString() {
    return Arrays.toString(shape);
  }

  @Override
  public String toString() {
    return dtype + shapeString();
  }

  static long numel(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("Negative dimension in shape " + Arrays.toString(shape));
      }
      n = Math.multiplyExact(n, d);
    }
    return n;
  }
}

package dev.primer.learn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;

/**
 * The arrays one forward pass reads: right-padded input ids and the additive attention bias derived
 * from the sequence lengths (plus optional token types). Create them inside the step's scope; they
 * must stay open until the backward pass is done.
 */
public final class ModelInputs {

  /** Added to attention scores of padding keys; exp of it underflows to exactly 0. */
  public static final double MASKED = -1e9;

  private final NDArray inputIds;
  private final NDArray attentionBias;
  private final NDArray tokenTypeIds;

  /**
   * Wraps prepared arrays.
   *
   * @param inputIds {@code [B, T]} int64
   * @param attentionBias {@code [B, 1, 1, P + T]} in the model's float type
   * @param tokenTypeIds {@code [B, T]} int64, or null for all zeros
   */
  public ModelInputs(NDArray inputIds, NDArray attentionBias, NDArray tokenTypeIds) {
    this.inputIds = Objects.requireNonNull(inputIds, "inputIds");
    this.attentionBias = Objects.requireNonNull(attentionBias, "attentionBias");
    this.tokenTypeIds = tokenTypeIds;
  }

  /**
   * Builds the arrays for a right-padded batch.
   *
   * @param manager manager (and device) of the arrays
   * @param inputIds {@code batch * width} ids, row-major, padded
   * @param lengths real length of each row
   * @param width padded width T
   * @param prefixLength number of prefix positions P the model prepends to keys (0 if none)
   * @param dataType float type of the model
   * @return the inputs
   */
  public static ModelInputs of(
      NDManager manager,
      long[] inputIds,
      int[] lengths,
      int width,
      int prefixLength,
      DataType dataType) {
    int batch = lengths.length;
    if (inputIds.length != (long) batch * width) {
      throw new IllegalArgumentException(
          "expected " + batch + " x " + width + " input ids, got " + inputIds.length);
    }
    NDArray ids = manager.create(inputIds, new Shape(batch, width));
    int keys = prefixLength + width;
    Shape biasShape = new Shape(batch, 1, 1, keys);
    NDArray bias;
    if (dataType == DataType.FLOAT64) {
      double[] values = new double[batch * keys];
      for (int b = 0; b < batch; b++) {
        for (int j = prefixLength + lengths[b]; j < keys; j++) {
          values[b * keys + j] = MASKED;
        }
      }
      bias = manager.create(values, biasShape);
    } else {
      float[] values = new float[batch * keys];
      for (int b = 0; b < batch; b++) {
        for (int j = prefixLength + lengths[b]; j < keys; j++) {
          values[b * keys + j] = (float) MASKED;
        }
      }
      bias = manager.create(values, biasShape);
      if (dataType != DataType.FLOAT32) {
        bias = bias.toType(dataType, false);
      }
    }
    return new ModelInputs(ids, bias, null);
  }

  /** {@code [B, T]} int64 ids. */
  public NDArray inputIds() {
    return inputIds;
  }

  /** {@code [B, 1, 1, P + T]} additive attention bias. */
  public NDArray attentionBias() {
    return attentionBias;
  }

  /** {@code [B, T]} token types, or null. */
  public NDArray tokenTypeIds() {
    return tokenTypeIds;
  }

  /** Batch size B. */
  public long batchSize() {
    return inputIds.getShape().get(0);
  }

  /** Padded width T. */
  public long width() {
    return inputIds.getShape().get(1);
  }
}

package dev.primer.learn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.primer.learn.data.EncodedBatch;

/**
 * Token-level cross-entropy, mean over the tokens whose label is not {@value EncodedBatch#IGNORED}:
 * {@code -sum_i w_i log_softmax(z_i)[y_i]} with {@code w_i = 1/N} on the N labelled tokens and 0
 * elsewhere. The weights are a tensor, so no Java scalar enters the graph.
 */
public final class TokenCrossEntropy {

  /**
   * The label index and weight arrays of one batch.
   *
   * @param index {@code [N, 1]} int64 label per token (0 where ignored)
   * @param weights {@code [N]} weight per token
   * @param count number of labelled tokens
   */
  public record Targets(NDArray index, NDArray weights, long count) {}

  private TokenCrossEntropy() {}

  /**
   * Builds the targets for flat labels.
   *
   * @param manager manager of the arrays (keep them open until backward is done)
   * @param labels one label per token, {@value EncodedBatch#IGNORED} to ignore
   * @param numClasses number of classes (labels are checked against it)
   * @param dataType float type of the logits
   * @return the targets
   */
  public static Targets targets(
      NDManager manager, long[] labels, int numClasses, DataType dataType) {
    long[] index = new long[labels.length];
    long count = 0;
    for (int i = 0; i < labels.length; i++) {
      long y = labels[i];
      if (y == EncodedBatch.IGNORED) {
        continue;
      }
      if (y < 0 || y >= numClasses) {
        throw new IllegalArgumentException(
            "label " + y + " at token " + i + " is outside [0, " + numClasses + ")");
      }
      index[i] = y;
      count++;
    }
    double w = count == 0 ? 0 : 1.0 / count;
    NDArray weights;
    if (dataType == DataType.FLOAT64) {
      double[] values = new double[labels.length];
      for (int i = 0; i < labels.length; i++) {
        values[i] = labels[i] == EncodedBatch.IGNORED ? 0 : w;
      }
      weights = manager.create(values);
    } else {
      float[] values = new float[labels.length];
      for (int i = 0; i < labels.length; i++) {
        values[i] = labels[i] == EncodedBatch.IGNORED ? 0 : (float) w;
      }
      weights = manager.create(values);
    }
    return new Targets(manager.create(index, new Shape(labels.length, 1)), weights, count);
  }

  /**
   * The mean cross-entropy.
   *
   * @param logits {@code [..., C]} with as many leading elements as there are labels
   * @param targets from {@link #targets}
   * @return a 0-d loss
   */
  public static NDArray loss(NDArray logits, Targets targets) {
    long classes = logits.getShape().get(logits.getShape().dimension() - 1);
    NDArray logProbs = logits.reshape(-1, classes).logSoftmax(-1);
    NDArray picked = logProbs.gather(targets.index(), 1).reshape(-1);
    return picked.mul(targets.weights()).sum().neg();
  }
}

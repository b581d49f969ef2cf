package dev.primer.learn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.primer.learn.weights.SafetensorsFile;
import dev.primer.learn.weights.SafetensorsReader;
import dev.primer.learn.weights.SafetensorsWriter;
import dev.primer.learn.weights.StateDict;
import dev.primer.learn.weights.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state of a {@link ModelOptimizer} as a safetensors file, so that a run resumes exactly: the
 * AdamW moments per parameter ({@code exp_avg/<name>}, {@code exp_avg_sq/<name>}, float32) and, in
 * the metadata, the optimizer's update count ({@code optimizer_steps}, the schedule position) and
 * each parameter's own update count ({@code steps/<name>}, for bias correction).
 */
public final class OptimizerState {

  static final String MEAN = "exp_avg/";
  static final String VARIANCE = "exp_avg_sq/";
  static final String STEPS = "steps/";
  static final String OPTIMIZER_STEPS = "optimizer_steps";

  private OptimizerState() {}

  /**
   * Writes the state of {@code optimizer} to {@code out} (not closed).
   *
   * @return bytes written
   */
  public static long write(ModelOptimizer optimizer, OutputStream out) throws IOException {
    StateDict tensors = new StateDict();
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(OPTIMIZER_STEPS, Long.toString(optimizer.steps()));
    AdamW adamW = optimizer.adamW();
    for (String key : adamW.keys()) {
      tensors.put(MEAN + key, Tensor.fromNDArray(adamW.mean(key)));
      tensors.put(VARIANCE + key, Tensor.fromNDArray(adamW.variance(key)));
      metadata.put(STEPS + key, Long.toString(adamW.steps(key)));
    }
    return SafetensorsWriter.write(tensors, metadata, out);
  }

  /**
   * Restores a state written by {@link #write} into {@code optimizer}, whose parameters must be
   * those the state was saved for (every saved key must name one of them).
   *
   * @param source name of the input for messages
   * @throws IllegalArgumentException when the state does not fit the optimizer
   */
  public static void read(ModelOptimizer optimizer, InputStream in, String source)
      throws IOException {
    SafetensorsFile file = SafetensorsReader.read(in, source);
    Map<String, String> metadata = file.metadata();
    String total = metadata.get(OPTIMIZER_STEPS);
    if (total == null) {
      throw new IllegalArgumentException(source + ": no " + OPTIMIZER_STEPS + " in the metadata");
    }
    Map<String, Parameter> parameters = optimizer.parameters();
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (!e.getKey().startsWith(STEPS)) {
        continue;
      }
      String key = e.getKey().substring(STEPS.length());
      Parameter p = parameters.get(key);
      if (p == null) {
        throw new IllegalArgumentException(
            source + ": optimizer state for " + key + ", which this optimizer does not update");
      }
      NDArray weight = p.getArray();
      try (NDManager temp = weight.getManager().newSubManager()) {
        NDArray mean = file.tensors().require(MEAN + key).toNDArray(temp);
        NDArray variance = file.tensors().require(VARIANCE + key).toNDArray(temp);
        if (!mean.getShape().equals(weight.getShape())
            || !variance.getShape().equals(weight.getShape())) {
          throw new IllegalArgumentException(
              source
                  + ": optimizer state of "
                  + key
                  + " has shape "
                  + mean.getShape()
                  + ", the parameter "
                  + weight.getShape());
        }
        optimizer.adamW().restore(key, weight, mean, variance, Long.parseLong(e.getValue()));
      }
    }
    optimizer.restoreSteps(Long.parseLong(total));
  }
}

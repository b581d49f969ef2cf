package dev.primer.learn.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.jni.JniUtils;
import dev.primer.learn.data.EncodedBatch;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.train.AdamW;
import dev.primer.learn.train.DeviceLocks;
import dev.primer.learn.train.TaggingLoss;
import dev.primer.learn.util.TorchOps;
import java.util.List;
import java.util.Map;

/**
 * First-order inner loop: k updates of the fast weights on the support batches (used in turn),
 * encoder frozen, updates applied in place outside any recording (the adapted values carry no
 * graph). The caller holds the device lease and has frozen the model's own parameters.
 */
public final class InnerLoop {

  private InnerLoop() {}

  /**
   * Adapts {@code fast} in place.
   *
   * @param model the model (its parameters should not require gradients here)
   * @param fast fast weights, leaves that require gradients
   * @param support support batches, used in turn
   * @param config steps, rate, rule, dropout
   * @return the support loss of the last inner step (NaN for 0 steps)
   */
  public static double adapt(
      EncoderModel model, FastParameters fast, List<EncodedBatch> support, InnerLoopConfig config) {
    if (support.isEmpty() && config.steps() > 0) {
      throw new IllegalArgumentException("the inner loop needs support sentences");
    }
    double loss = Double.NaN;
    try (AdamW adam =
            config.optimizer() == InnerOptimizer.ADAM
                ? AdamW.builder().optWeightDecay(0).build()
                : null;
        NDManager constants = fast.manager().newSubManager()) {
      NDArray rate = TorchOps.scalar(constants, config.learningRate(), model.dataType());
      for (int step = 0; step < config.steps(); step++) {
        EncodedBatch batch = support.get(step % support.size());
        try (NDScope scope = new NDScope();
            NDManager stepManager = model.manager().newSubManager()) {
          scope.suppressNotUsedWarning();
          try (DeviceLocks.Recording recording = DeviceLocks.recordGradients()) {
            NDArray l =
                TaggingLoss.compute(model, fast.store(), batch, stepManager, config.dropout());
            recording.backward(l);
            loss = TorchOps.toDouble(l);
          }
          update(fast, adam, rate, config.learningRate());
        }
        fast.zeroGradients();
      }
    }
    return loss;
  }

  private static void update(FastParameters fast, AdamW adam, NDArray rate, double learningRate) {
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      for (Map.Entry<String, NDArray> e : fast.values().entrySet()) {
        NDArray g = e.getValue().getGradient();
        if (adam != null) {
          adam.update(e.getKey(), e.getValue(), g, false, learningRate, 1);
        } else {
          e.getValue().subi(g.mul(rate));
        }
      }
    } finally {
      JniUtils.setGradMode(grad);
    }
  }
}

package dev.primer.learn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.util.TorchOps;

/**
 * One training step: take the model's device, record the forward pass, back-propagate, free every
 * intermediate array, then let the optimizer update the parameters outside the recording.
 */
public final class StepRunner {

  /** Loss and update of one step. */
  public static final class Result {
    private final double loss;
    private final ModelOptimizer.Update update;

    Result(double loss, ModelOptimizer.Update update) {
      this.loss = loss;
      this.update = update;
    }

    public double loss() {
      return loss;
    }

    public ModelOptimizer.Update update() {
      return update;
    }
  }

  private final EncoderModel model;
  private final ModelOptimizer optimizer;

  /**
   * Creates a runner.
   *
   * @param model the model being trained (device and parameter manager)
   * @param optimizer updates its trainable parameters
   */
  public StepRunner(EncoderModel model, ModelOptimizer optimizer) {
    this.model = model;
    this.optimizer = optimizer;
  }

  /** The optimizer. */
  public ModelOptimizer optimizer() {
    return optimizer;
  }

  /**
   * Runs one step.
   *
   * @param lossFunction builds the loss from a step manager
   * @return loss value and update information
   */
  public Result run(LossFunction lossFunction) {
    try (DeviceLocks.Lease lease = DeviceLocks.lease(model.device())) {
      double loss;
      try (NDScope scope = new NDScope();
          NDManager stepManager = model.manager().newSubManager()) {
        scope.suppressNotUsedWarning();
        try (DeviceLocks.Recording recording = DeviceLocks.recordGradients()) {
          NDArray lossArray = lossFunction.compute(stepManager);
          recording.backward(lossArray);
          loss = TorchOps.toDouble(lossArray);
        }
      }
      return new Result(loss, optimizer.step());
    }
  }
}

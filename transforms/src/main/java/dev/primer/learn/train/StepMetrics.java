package dev.primer.learn.train;

/**
 * What one training update did, as reported to {@link TrainingObserver}s.
 *
 * @param step 1-based number of updates done
 * @param totalSteps planned number of updates
 * @param epoch 0-based epoch
 * @param loss training loss of the batch
 * @param learningRate rate used by the update
 * @param gradNorm global gradient norm before clipping (NaN if not computed)
 * @param tokens real subwords in the batch
 * @param stepSeconds wall time of the step
 * @param elapsedSeconds wall time since training started
 */
public record StepMetrics(
    long step,
    long totalSteps,
    int epoch,
    double loss,
    double learningRate,
    double gradNorm,
    long tokens,
    double stepSeconds,
    double elapsedSeconds) {

  /** Estimated seconds left at the average pace so far. */
  public double etaSeconds() {
    return step == 0 ? Double.NaN : elapsedSeconds / step * Math.max(0, totalSteps - step);
  }
}

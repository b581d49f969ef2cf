package dev.primer.learn.train;

/** What one training update did, as reported to {@link TrainingObserver}s. */
public final class StepMetrics {

  private final long step;
  private final long totalSteps;
  private final int epoch;
  private final double loss;
  private final double learningRate;
  private final double gradNorm;
  private final long tokens;
  private final double stepSeconds;
  private final double elapsedSeconds;

  /**
   * Creates the metrics.
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
  public StepMetrics(
      long step,
      long totalSteps,
      int epoch,
      double loss,
      double learningRate,
      double gradNorm,
      long tokens,
      double stepSeconds,
      double elapsedSeconds) {
    this.step = step;
    this.totalSteps = totalSteps;
    this.epoch = epoch;
    this.loss = loss;
    this.learningRate = learningRate;
    this.gradNorm = gradNorm;
    this.tokens = tokens;
    this.stepSeconds = stepSeconds;
    this.elapsedSeconds = elapsedSeconds;
  }

  public long step() {
    return step;
  }

  public long totalSteps() {
    return totalSteps;
  }

  public int epoch() {
    return epoch;
  }

  public double loss() {
    return loss;
  }

  public double learningRate() {
    return learningRate;
  }

  public double gradNorm() {
    return gradNorm;
  }

  public long tokens() {
    return tokens;
  }

  public double stepSeconds() {
    return stepSeconds;
  }

  public double elapsedSeconds() {
    return elapsedSeconds;
  }

  /** Estimated seconds left at the average pace so far. */
  public double etaSeconds() {
    return step == 0 ? Double.NaN : elapsedSeconds / step * Math.max(0, totalSteps - step);
  }
}

package dev.primer.learn.train;

/**
 * Linear warm-up from 0 to the peak over {@code warmupSteps}, then linear decay to 0 at {@code
 * totalSteps}, as HuggingFace's {@code get_linear_schedule_with_warmup}: {@code rate(s) = peak * s
 * / warmup} for {@code s < warmup}, else {@code peak * max(0, (total - s) / (total - warmup))}.
 */
public final class LinearWarmupDecay implements LearningRateSchedule {

  private final double peak;
  private final long warmupSteps;
  private final long totalSteps;

  /**
   * Creates the schedule.
   *
   * @param peak peak learning rate
   * @param warmupSteps number of warm-up updates (0 for none)
   * @param totalSteps total number of updates
   */
  public LinearWarmupDecay(double peak, long warmupSteps, long totalSteps) {
    if (!(peak >= 0) || warmupSteps < 0 || totalSteps <= 0 || warmupSteps > totalSteps) {
      throw new IllegalArgumentException(
          "need peak >= 0 and 0 <= warmup (" + warmupSteps + ") <= total (" + totalSteps + ")");
    }
    this.peak = peak;
    this.warmupSteps = warmupSteps;
    this.totalSteps = totalSteps;
  }

  @Override
  public double rate(long step) {
    if (step < warmupSteps) {
      return peak * step / Math.max(1, warmupSteps);
    }
    return peak
        * Math.max(0.0, (double) (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
  }
}

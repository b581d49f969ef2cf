package dev.primer.learn.train;

/** Learning rate as a function of the 0-based optimizer step. */
@FunctionalInterface
public interface LearningRateSchedule {

  /**
   * The learning rate used by the update numbered {@code step} (0 for the first update).
   *
   * @param step 0-based update index
   * @return the learning rate
   */
  double rate(long step);

  /** A constant rate. */
  static LearningRateSchedule constant(double rate) {
    return step -> rate;
  }
}

package dev.primer.learn.train;

import java.io.Serializable;

/**
 * Learning rate as a function of the 0-based optimizer step. Serializable (lambdas too), so that a
 * {@code PrimingConfig} holding one can travel to the workers.
 */
@FunctionalInterface
public interface LearningRateSchedule extends Serializable {

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

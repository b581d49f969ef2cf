package dev.primer.learn.train;

/**
 * Receives training progress, e.g. to record metrics; every method defaults to doing nothing.
 * (Named apart from DJL's {@code ai.djl.training.listener.TrainingListener}, which primer does not
 * use.)
 */
public interface TrainingObserver {

  /** After every update. */
  default void onStep(StepMetrics metrics) {}

  /** After every dev evaluation. */
  default void onEvaluation(EvaluationMetrics metrics) {}

  /** Once, when training ends (best parameters already restored). */
  default void onEnd(TrainingResult result) {}
}

package dev.primer.learn.train;

import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Outcome of a training run. */
public final class TrainingResult {

  private final long steps;
  private final double lastLoss;
  private final boolean stoppedEarly;
  private final List<EvaluationMetrics> evaluations;
  private final EvaluationMetrics best;

  TrainingResult(
      long steps,
      double lastLoss,
      boolean stoppedEarly,
      List<EvaluationMetrics> evaluations,
      EvaluationMetrics best) {
    this.steps = steps;
    this.lastLoss = lastLoss;
    this.stoppedEarly = stoppedEarly;
    this.evaluations = Collections.unmodifiableList(evaluations);
    this.best = best;
  }

  /** Updates done. */
  public long steps() {
    return steps;
  }

  /** Training loss of the last batch. */
  public double lastLoss() {
    return lastLoss;
  }

  /** Whether early stopping ended the run. */
  public boolean stoppedEarly() {
    return stoppedEarly;
  }

  /** Every dev evaluation, in order. */
  public List<EvaluationMetrics> evaluations() {
    return evaluations;
  }

  /** The best evaluation (whose parameters the model now holds), or null without a dev set. */
  public EvaluationMetrics best() {
    return best;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%d steps, last loss %.4f%s%s",
        steps,
        lastLoss,
        stoppedEarly ? ", stopped early" : "",
        best == null
            ? ""
            : String.format(
                Locale.ROOT, ", best %s %.4f at step %d", best.name(), best.score(), best.step()));
  }
}

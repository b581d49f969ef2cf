package dev.primer.learn.train;

/** A dev-set evaluation during training. */
public final class EvaluationMetrics {

  private final long step;
  private final String name;
  private final double score;
  private final double loss;
  private final boolean best;

  /**
   * Creates the metrics.
   *
   * @param step updates done when evaluating
   * @param name what the score is (e.g. {@code token_accuracy}, {@code f1})
   * @param score higher is better
   * @param loss mean dev loss
   * @param best whether this is the best score so far
   */
  public EvaluationMetrics(long step, String name, double score, double loss, boolean best) {
    this.step = step;
    this.name = name;
    this.score = score;
    this.loss = loss;
    this.best = best;
  }

  public long step() {
    return step;
  }

  public String name() {
    return name;
  }

  public double score() {
    return score;
  }

  public double loss() {
    return loss;
  }

  public boolean best() {
    return best;
  }
}

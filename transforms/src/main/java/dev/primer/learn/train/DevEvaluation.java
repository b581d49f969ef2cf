package dev.primer.learn.train;

/** Scores the current parameters on a dev set (higher is better), plus its mean loss. */
@FunctionalInterface
public interface DevEvaluation {

  /** Score and loss of the current parameters. */
  Result evaluate();

  /** Result of an evaluation. */
  final class Result {
    private final String name;
    private final double score;
    private final double loss;

    /**
     * Creates a result.
     *
     * @param name name of the score
     * @param score higher is better
     * @param loss mean dev loss
     */
    public Result(String name, double score, double loss) {
      this.name = name;
      this.score = score;
      this.loss = loss;
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
  }
}

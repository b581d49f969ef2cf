package dev.primer.learn.meta;

import java.io.Serializable;

/**
 * Inner-loop settings of meta-learning: steps, rate, rule, batch size, dropout. Serializable.
 *
 * @param steps number of inner updates k
 * @param learningRate the inner learning rate
 * @param optimizer the inner update rule
 * @param batchSize support sentences per inner step; the support batches are used in turn
 * @param dropout whether dropout is active in the inner and query passes
 */
public record InnerLoopConfig(
    int steps, double learningRate, InnerOptimizer optimizer, int batchSize, boolean dropout)
    implements Serializable {

  /** Defaults: 5 SGD steps at 1e-2, support batches of 32, dropout on. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder of {@link InnerLoopConfig}. */
  public static final class Builder {
    private int steps = 5;
    private double learningRate = 1e-2;
    private InnerOptimizer optimizer = InnerOptimizer.SGD;
    private int batchSize = 32;
    private boolean dropout = true;

    private Builder() {}

    public Builder setSteps(int steps) {
      this.steps = steps;
      return this;
    }

    public Builder setLearningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    public Builder optOptimizer(InnerOptimizer optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    public Builder optBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    public Builder optDropout(boolean dropout) {
      this.dropout = dropout;
      return this;
    }

    public InnerLoopConfig build() {
      if (steps < 0 || !(learningRate >= 0) || batchSize <= 0 || optimizer == null) {
        throw new IllegalArgumentException(
            "inner loop needs steps >= 0, learning rate >= 0, batch size > 0");
      }
      return new InnerLoopConfig(steps, learningRate, optimizer, batchSize, dropout);
    }
  }
}

package dev.primer.learn.meta;

/** Update rule of the inner loop. */
public enum InnerOptimizer {
  /** Plain gradient descent {@code phi -= lr * g} (both meta orders). */
  SGD,
  /** Adam without weight decay, fresh state per episode (first order only). */
  ADAM
}

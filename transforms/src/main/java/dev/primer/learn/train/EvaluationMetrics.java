package dev.primer.learn.train;

/**
 * A dev-set evaluation during training.
 *
 * @param step updates done when evaluating
 * @param name what the score is (e.g. {@code token_accuracy}, {@code f1})
 * @param score higher is better
 * @param loss mean dev loss
 * @param best whether this is the best score so far
 */
public record EvaluationMetrics(long step, String name, double score, double loss, boolean best) {}

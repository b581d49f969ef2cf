package dev.primer.learn;

/**
 * A masked language model as {@link FillMask} needs it: vocabulary logits at chosen positions of
 * one tokenized sentence (no padding, attention over all tokens).
 */
@FunctionalInterface
public interface MaskedLmScorer {

  /**
   * Returns the MLM logits ({@code [positions.length][vocab_size]}) at {@code positions}.
   *
   * @param inputIds token ids, special tokens included
   * @param typeIds token type (segment) ids, same length
   * @param positions indices into {@code inputIds} to score
   */
  float[][] logitsAt(long[] inputIds, long[] typeIds, int[] positions);
}

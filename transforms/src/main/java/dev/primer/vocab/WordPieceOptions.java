package dev.primer.vocab;

import java.io.Serializable;

/**
 * Options of {@link WordPieceTrainer}.
 *
 * @param vocabSize target vocabulary size, special tokens and alphabet included
 * @param minFrequency pairs seen fewer times than this (weighted by word count) are never merged
 * @param limitAlphabet keep at most this many distinct initial characters (the most frequent); 0
 *     for no limit. Words with a dropped character still train on their other characters.
 * @param score how pairs are ranked
 * @param normalizer normalizer the tokenizer.json will declare; training words are normalized and
 *     pre-tokenized with it first
 */
public record WordPieceOptions(
    int vocabSize,
    long minFrequency,
    int limitAlphabet,
    MergeScore score,
    BertNormalizerOptions normalizer)
    implements Serializable {

  /** Validates the options. */
  public WordPieceOptions {
    if (vocabSize < SpecialTokens.ALL.size()) {
      throw new IllegalArgumentException("vocabSize must be at least " + SpecialTokens.ALL.size());
    }
    if (minFrequency < 1) {
      throw new IllegalArgumentException("minFrequency must be at least 1");
    }
    if (limitAlphabet < 0) {
      throw new IllegalArgumentException("limitAlphabet must be >= 0");
    }
    if (score == null || normalizer == null) {
      throw new IllegalArgumentException("score and normalizer are required");
    }
  }

  /**
   * Defaults: min frequency 2, no alphabet limit, the {@link MergeScore#FREQUENCY} rule (see there
   * why), mBERT-like cased normalizer.
   */
  public static WordPieceOptions ofSize(int vocabSize) {
    return new WordPieceOptions(
        vocabSize, 2, 0, MergeScore.FREQUENCY, BertNormalizerOptions.cased());
  }

  /** A copy with another minimum pair frequency. */
  public WordPieceOptions withMinFrequency(long value) {
    return new WordPieceOptions(vocabSize, value, limitAlphabet, score, normalizer);
  }

  /** A copy with another alphabet limit (0: none). */
  public WordPieceOptions withLimitAlphabet(int value) {
    return new WordPieceOptions(vocabSize, minFrequency, value, score, normalizer);
  }

  /** A copy with another merge score. */
  public WordPieceOptions withScore(MergeScore value) {
    return new WordPieceOptions(vocabSize, minFrequency, limitAlphabet, value, normalizer);
  }

  /** A copy with other normalizer options. */
  public WordPieceOptions withNormalizer(BertNormalizerOptions value) {
    return new WordPieceOptions(vocabSize, minFrequency, limitAlphabet, score, value);
  }
}

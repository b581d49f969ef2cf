package dev.primer.vocab;

import java.util.List;

/**
 * The result of {@link WordPieceTrainer#train}.
 *
 * @param pieces the vocabulary in id order: special tokens, alphabet, then merged pieces
 * @param merges the merges in the order performed, each as {@code "left right"}
 * @param alphabetSize number of single-character pieces (plain and {@code ##}-prefixed)
 * @param trainingWords distinct words after normalization and pre-tokenization
 * @param normalizer the normalizer the words were normalized with
 */
public record TrainedVocabulary(
    List<String> pieces,
    List<String> merges,
    int alphabetSize,
    int trainingWords,
    BertNormalizerOptions normalizer) {

  /** The complete tokenizer.json for this vocabulary. */
  public TokenizerJson toTokenizerJson() {
    return BertWordPieceJson.build(pieces, normalizer);
  }
}

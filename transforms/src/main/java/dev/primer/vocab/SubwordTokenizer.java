package dev.primer.vocab;

import java.util.List;

/** Splits pre-tokenized words into subword ids; what the encode and stats code needs. */
public interface SubwordTokenizer {

  /**
   * The piece ids of every word, one array per word (possibly empty, e.g. for a word made only of
   * control characters), without special tokens.
   */
  int[][] tokenizeWords(List<String> words);

  /** Special-token ids that open a sequence, e.g. [CLS]. */
  int[] prefixIds();

  /** Special-token ids that close a sequence, e.g. [SEP]. */
  int[] suffixIds();

  /** The [UNK] id, or -1 when the vocabulary has none. */
  int unkId();

  /** Number of ids in the vocabulary. */
  int vocabSize();

  /** The piece string of an id. */
  String piece(int id);
}

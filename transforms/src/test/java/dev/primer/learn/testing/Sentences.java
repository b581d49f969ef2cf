package dev.primer.learn.testing;

import dev.primer.schemas.EncodedSentence;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Builds {@link EncodedSentence}s and small synthetic tagging data sets for tests. */
public final class Sentences {

  /** [CLS] in the synthetic vocabulary. */
  public static final int CLS = 1;

  /** [SEP] in the synthetic vocabulary. */
  public static final int SEP = 2;

  /** First ordinary token id in the synthetic vocabulary. */
  public static final int FIRST_WORD = 4;

  private Sentences() {}

  /** A sentence with one subword per word (no continuation pieces). */
  public static EncodedSentence encoded(String id, int[] inputIds, int[] labelIds, int[] wordIds) {
    List<Integer> in = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    List<Integer> words = new ArrayList<>();
    int numWords = 0;
    for (int i = 0; i < inputIds.length; i++) {
      in.add(inputIds[i]);
      labels.add(labelIds[i]);
      words.add(wordIds[i]);
      numWords = Math.max(numWords, wordIds[i] + 1);
    }
    return EncodedSentence.newBuilder()
        .setId(id)
        .setSentenceId(id)
        .setLang("xx")
        .setSplit("train")
        .setWindow(0)
        .setWindows(1)
        .setWordStart(0)
        .setNumWords(numWords)
        .setInputIds(in)
        .setLabelIds(labels)
        .setWordIds(words)
        .setLength(inputIds.length)
        .build();
  }

  /**
   * Synthetic tagging: random words from {@code [FIRST_WORD, vocab)} framed by [CLS]/[SEP]; the tag
   * of a word is {@code id % labels}; special tokens are ignored (-100).
   */
  public static List<EncodedSentence> synthetic(
      int count, int vocab, int labels, int minWords, int maxWords, long seed) {
    Random random = new Random(seed);
    List<EncodedSentence> out = new ArrayList<>();
    for (int s = 0; s < count; s++) {
      int words = minWords + random.nextInt(maxWords - minWords + 1);
      int[] ids = new int[words + 2];
      int[] tags = new int[words + 2];
      int[] wordIds = new int[words + 2];
      ids[0] = CLS;
      tags[0] = -100;
      wordIds[0] = -1;
      for (int w = 0; w < words; w++) {
        int id = FIRST_WORD + random.nextInt(vocab - FIRST_WORD);
        ids[w + 1] = id;
        tags[w + 1] = id % labels;
        wordIds[w + 1] = w;
      }
      ids[words + 1] = SEP;
      tags[words + 1] = -100;
      wordIds[words + 1] = -1;
      out.add(encoded("s" + s, ids, tags, wordIds));
    }
    return out;
  }
}

package dev.primer.learn.train;

import dev.primer.learn.data.EncodedBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Word-level tags from subword predictions: a word takes the tag predicted on its first subword.
 * First subwords are the positions whose label is not ignored; in a row without any label they are
 * found from the word ids (a subword whose word id is >= 0 and differs from the previous one).
 */
public final class WordTagDecoder {

  private WordTagDecoder() {}

  /**
   * Gold word-level tags of every row.
   *
   * @param batch the batch
   * @return one array per row
   */
  public static List<int[]> gold(EncodedBatch batch) {
    List<int[]> out = new ArrayList<>(batch.size());
    for (int b = 0; b < batch.size(); b++) {
      int[] positions = firstSubwords(batch, b);
      int[] tags = new int[positions.length];
      for (int i = 0; i < positions.length; i++) {
        tags[i] = (int) batch.labels()[b * batch.width() + positions[i]];
      }
      out.add(tags);
    }
    return out;
  }

  /**
   * Predicted word-level tags of every row.
   *
   * @param batch the batch
   * @param predictedIds arg-max label id per subword, {@code B x T} row-major
   * @return one array per row
   */
  public static List<int[]> predicted(EncodedBatch batch, long[] predictedIds) {
    if (predictedIds.length != batch.size() * batch.width()) {
      throw new IllegalArgumentException("expected one prediction per padded subword");
    }
    List<int[]> out = new ArrayList<>(batch.size());
    for (int b = 0; b < batch.size(); b++) {
      int[] positions = firstSubwords(batch, b);
      int[] tags = new int[positions.length];
      for (int i = 0; i < positions.length; i++) {
        tags[i] = (int) predictedIds[b * batch.width() + positions[i]];
      }
      out.add(tags);
    }
    return out;
  }

  /** Column indices of the first subword of every word of row {@code b}. */
  static int[] firstSubwords(EncodedBatch batch, int b) {
    int base = b * batch.width();
    int length = batch.lengths()[b];
    boolean labelled = false;
    for (int t = 0; t < length && !labelled; t++) {
      labelled = batch.labels()[base + t] != EncodedBatch.IGNORED;
    }
    int[] tmp = new int[length];
    int n = 0;
    int previousWord = -1;
    for (int t = 0; t < length; t++) {
      boolean first;
      if (labelled) {
        first = batch.labels()[base + t] != EncodedBatch.IGNORED;
      } else {
        int word = batch.wordIds()[base + t];
        first = word >= 0 && word != previousWord;
        previousWord = word;
      }
      if (first) {
        tmp[n++] = t;
      }
    }
    int[] out = new int[n];
    System.arraycopy(tmp, 0, out, 0, n);
    return out;
  }
}

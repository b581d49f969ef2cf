package dev.primer.learn.data;

import dev.primer.schemas.EncodedSentence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A right-padded batch of {@link EncodedSentence}s as flat Java arrays ({@code size x width},
 * row-major): input ids padded with the pad id, labels padded with {@value #IGNORED}, word ids
 * padded with -1. Device arrays are made from it inside each step's scope.
 */
public final class EncodedBatch {

  /** Label id the loss ignores. */
  public static final int IGNORED = -100;

  private final int width;
  private final long[] inputIds;
  private final int[] lengths;
  private final long[] labels;
  private final int[] wordIds;
  private final List<String> ids;

  private EncodedBatch(
      int width, long[] inputIds, int[] lengths, long[] labels, int[] wordIds, List<String> ids) {
    this.width = width;
    this.inputIds = inputIds;
    this.lengths = lengths;
    this.labels = labels;
    this.wordIds = wordIds;
    this.ids = ids;
  }

  /**
   * Pads {@code sentences} to the longest one.
   *
   * @param sentences at least one sentence
   * @param padId id written into padding positions
   * @return the batch
   * @throws IllegalArgumentException if a sentence's arrays disagree with its length
   */
  public static EncodedBatch of(List<EncodedSentence> sentences, int padId) {
    if (sentences.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one sentence");
    }
    int size = sentences.size();
    int width = 0;
    for (EncodedSentence s : sentences) {
      width = Math.max(width, s.getInputIds().size());
    }
    long[] inputIds = new long[size * width];
    long[] labels = new long[size * width];
    int[] wordIds = new int[size * width];
    int[] lengths = new int[size];
    List<String> ids = new ArrayList<>(size);
    java.util.Arrays.fill(labels, IGNORED);
    java.util.Arrays.fill(wordIds, -1);
    if (padId != 0) {
      java.util.Arrays.fill(inputIds, padId);
    }
    for (int b = 0; b < size; b++) {
      EncodedSentence s = sentences.get(b);
      List<Integer> in = s.getInputIds();
      List<Integer> lab = s.getLabelIds();
      List<Integer> words = s.getWordIds();
      int n = in.size();
      if (n == 0) {
        throw new IllegalArgumentException("sentence " + s.getId() + " has no input ids");
      }
      if (!lab.isEmpty() && lab.size() != n) {
        throw new IllegalArgumentException(
            "sentence " + s.getId() + " has " + n + " input ids but " + lab.size() + " labels");
      }
      if (!words.isEmpty() && words.size() != n) {
        throw new IllegalArgumentException(
            "sentence " + s.getId() + " has " + n + " input ids but " + words.size() + " word ids");
      }
      lengths[b] = n;
      int base = b * width;
      for (int t = 0; t < n; t++) {
        inputIds[base + t] = in.get(t);
        if (!lab.isEmpty()) {
          labels[base + t] = lab.get(t);
        }
        if (!words.isEmpty()) {
          wordIds[base + t] = words.get(t);
        }
      }
      ids.add(s.getId());
    }
    return new EncodedBatch(
        width, inputIds, lengths, labels, wordIds, Collections.unmodifiableList(ids));
  }

  /** Number of sentences B. */
  public int size() {
    return lengths.length;
  }

  /**
   * The same batch with other input ids (e.g. ids renumbered into a subset of the vocabulary).
   *
   * @param inputIds {@code B x T} ids, padded like {@link #inputIds()}
   */
  public EncodedBatch withInputIds(long[] inputIds) {
    if (inputIds.length != this.inputIds.length) {
      throw new IllegalArgumentException(
          "expected " + this.inputIds.length + " input ids, got " + inputIds.length);
    }
    return new EncodedBatch(width, inputIds.clone(), lengths, labels, wordIds, ids);
  }

  /** Padded width T. */
  public int width() {
    return width;
  }

  /** Input ids, {@code B x T}; the caller must not modify it. */
  public long[] inputIds() {
    return inputIds;
  }

  /** Real length of every row. */
  public int[] lengths() {
    return lengths;
  }

  /** Label ids, {@code B x T}, {@value #IGNORED} where ignored. */
  public long[] labels() {
    return labels;
  }

  /** Word ids, {@code B x T}, -1 for special tokens and padding. */
  public int[] wordIds() {
    return wordIds;
  }

  /** Sentence ids, in row order. */
  public List<String> ids() {
    return ids;
  }

  /** Number of real (non-padding) subwords. */
  public long tokenCount() {
    long n = 0;
    for (int l : lengths) {
      n += l;
    }
    return n;
  }

  /** Number of subwords with a label the loss uses. */
  public long labeledCount() {
    long n = 0;
    for (long l : labels) {
      if (l != IGNORED) {
        n++;
      }
    }
    return n;
  }
}

package dev.primer.encode;

import dev.primer.io.MergeFn;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * Mergeable encode counts for one sentence or a group of them (a language and split, or all).
 * Jackson-serializable through its getters; {@link #CODER} is a compact Beam coder.
 */
public final class EncodeCounts implements MergeFn.Mergeable<EncodeCounts> {

  /** A compact coder: the eleven counts as variable-length longs. */
  public static final Coder<EncodeCounts> CODER = new CountsCoder();

  long sentences;
  long deadLetters;
  long windows;
  long words;
  long subwords;
  long tokens;
  long truncatedWords;
  long droppedPieces;
  long emptyWords;
  long unkPieces;
  long mappedTags;

  /** Adds {@code other} into this and returns this. */
  public EncodeCounts merge(EncodeCounts other) {
    sentences += other.sentences;
    deadLetters += other.deadLetters;
    windows += other.windows;
    words += other.words;
    subwords += other.subwords;
    tokens += other.tokens;
    truncatedWords += other.truncatedWords;
    droppedPieces += other.droppedPieces;
    emptyWords += other.emptyWords;
    unkPieces += other.unkPieces;
    mappedTags += other.mappedTags;
    return this;
  }

  /** Counts for one dead-lettered sentence. */
  static EncodeCounts deadLetter() {
    EncodeCounts c = new EncodeCounts();
    c.deadLetters = 1;
    return c;
  }

  /** Sentences encoded. */
  public long getSentences() {
    return sentences;
  }

  /** Sentences sent to the dead letters. */
  public long getDeadLetters() {
    return deadLetters;
  }

  /** Windows (EncodedSentence records) written. */
  public long getWindows() {
    return windows;
  }

  /** Words encoded (every word of every encoded sentence, exactly once). */
  public long getWords() {
    return words;
  }

  /** Word pieces, special tokens excluded. */
  public long getSubwords() {
    return subwords;
  }

  /** Ids written, special tokens included (sum of lengths). */
  public long getTokens() {
    return tokens;
  }

  /** Words longer than a window, cut to their first pieces. */
  public long getTruncatedWords() {
    return truncatedWords;
  }

  /** Pieces removed by those cuts. */
  public long getDroppedPieces() {
    return droppedPieces;
  }

  /** Words that tokenized to nothing and were encoded as [UNK]. */
  public long getEmptyWords() {
    return emptyWords;
  }

  /** [UNK] pieces written (empty words included). */
  public long getUnkPieces() {
    return unkPieces;
  }

  /** Tags outside the label space encoded as O. */
  public long getMappedTags() {
    return mappedTags;
  }

  /** [UNK] pieces per word piece. */
  public double getUnkRate() {
    return subwords == 0 ? 0 : (double) unkPieces / subwords;
  }

  /** Windows per encoded sentence. */
  public double getWindowsPerSentence() {
    return sentences == 0 ? 0 : (double) windows / sentences;
  }

  long[] toArray() {
    return new long[] {
      sentences,
      deadLetters,
      windows,
      words,
      subwords,
      tokens,
      truncatedWords,
      droppedPieces,
      emptyWords,
      unkPieces,
      mappedTags
    };
  }

  static EncodeCounts fromArray(long[] a) {
    EncodeCounts c = new EncodeCounts();
    c.sentences = a[0];
    c.deadLetters = a[1];
    c.windows = a[2];
    c.words = a[3];
    c.subwords = a[4];
    c.tokens = a[5];
    c.truncatedWords = a[6];
    c.droppedPieces = a[7];
    c.emptyWords = a[8];
    c.unkPieces = a[9];
    c.mappedTags = a[10];
    return c;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncodeCounts c && java.util.Arrays.equals(toArray(), c.toArray());
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(toArray());
  }

  @Override
  public String toString() {
    return String.format(
        "EncodeCounts{sentences=%d, deadLetters=%d, windows=%d, words=%d, subwords=%d, tokens=%d,"
            + " truncatedWords=%d, droppedPieces=%d, emptyWords=%d, unkPieces=%d, mappedTags=%d}",
        sentences,
        deadLetters,
        windows,
        words,
        subwords,
        tokens,
        truncatedWords,
        droppedPieces,
        emptyWords,
        unkPieces,
        mappedTags);
  }

  private static final class CountsCoder extends AtomicCoder<EncodeCounts> {
    private static final int FIELDS = 11;

    @Override
    public void encode(EncodeCounts value, OutputStream out) throws IOException {
      for (long v : value.toArray()) {
        VarLongCoder.of().encode(v, out);
      }
    }

    @Override
    public EncodeCounts decode(InputStream in) throws IOException {
      long[] a = new long[FIELDS];
      for (int i = 0; i < FIELDS; i++) {
        a[i] = VarLongCoder.of().decode(in);
      }
      return fromArray(a);
    }

    @Override
    public void verifyDeterministic() {}
  }
}

package dev.primer.vocab;

import dev.primer.io.MergeFn;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Mergeable tokenization statistics over word occurrences: how many words, pieces and [UNK]s, and
 * the exact distribution of pieces per word (occurrence-weighted). A word that tokenizes to no
 * piece at all counts as one [UNK] piece, as the encoder will emit it.
 */
public final class PieceStats implements MergeFn.Mergeable<PieceStats> {

  private long words;
  private long distinctWords;
  private long unkWords;
  private long emptyWords;
  private long pieces;
  private long unkPieces;
  private final TreeMap<Integer, Long> histogram = new TreeMap<>();

  /** Adds one distinct word seen {@code count} times, with its piece ids. */
  public void addWord(int[] pieceIds, int unkId, long count) {
    int n = pieceIds.length == 0 ? 1 : pieceIds.length;
    int unk = 0;
    if (pieceIds.length == 0) {
      unk = 1;
      emptyWords += count;
    } else {
      for (int id : pieceIds) {
        unk += id == unkId ? 1 : 0;
      }
    }
    words += count;
    distinctWords++;
    pieces += n * count;
    unkPieces += unk * count;
    if (unk > 0) {
      unkWords += count;
    }
    histogram.merge(n, count, Long::sum);
  }

  /** Adds another accumulator's counts into this one and returns this. */
  public PieceStats merge(PieceStats other) {
    words += other.words;
    distinctWords += other.distinctWords;
    unkWords += other.unkWords;
    emptyWords += other.emptyWords;
    pieces += other.pieces;
    unkPieces += other.unkPieces;
    other.histogram.forEach((k, v) -> histogram.merge(k, v, Long::sum));
    return this;
  }

  /** Word occurrences. */
  public long getWords() {
    return words;
  }

  /** Distinct words. */
  public long getDistinctWords() {
    return distinctWords;
  }

  /** Word occurrences with at least one [UNK] piece. */
  public long getUnkWords() {
    return unkWords;
  }

  /** Word occurrences that normalized to nothing (encoded as a single [UNK]). */
  public long getEmptyWords() {
    return emptyWords;
  }

  /** Piece occurrences. */
  public long getPieces() {
    return pieces;
  }

  /** [UNK] piece occurrences. */
  public long getUnkPieces() {
    return unkPieces;
  }

  /** Fraction of word occurrences that contain an [UNK] piece. */
  public double getUnkWordRate() {
    return words == 0 ? 0 : (double) unkWords / words;
  }

  /** Fraction of piece occurrences that are [UNK]. */
  public double getUnkPieceRate() {
    return pieces == 0 ? 0 : (double) unkPieces / pieces;
  }

  /** Mean pieces per word occurrence. */
  public double getPiecesPerWordMean() {
    return words == 0 ? 0 : (double) pieces / words;
  }

  /** Median pieces per word occurrence. */
  public int getPiecesPerWordP50() {
    return percentile(0.50);
  }

  /** 95th percentile of pieces per word occurrence. */
  public int getPiecesPerWordP95() {
    return percentile(0.95);
  }

  /** Most pieces of any word. */
  public int getPiecesPerWordMax() {
    return histogram.isEmpty() ? 0 : histogram.lastKey();
  }

  /** Pieces per word to number of word occurrences. */
  public Map<Integer, Long> getPiecesPerWordHistogram() {
    return Collections.unmodifiableMap(histogram);
  }

  /** The nearest-rank percentile: the smallest n with at least q of the words at n or fewer. */
  public int percentile(double q) {
    if (words == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(q * words));
    long seen = 0;
    for (Map.Entry<Integer, Long> e : histogram.entrySet()) {
      seen += e.getValue();
      if (seen >= rank) {
        return e.getKey();
      }
    }
    return histogram.lastKey();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PieceStats p
        && words == p.words
        && distinctWords == p.distinctWords
        && unkWords == p.unkWords
        && emptyWords == p.emptyWords
        && pieces == p.pieces
        && unkPieces == p.unkPieces
        && histogram.equals(p.histogram);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(words * 31 + pieces);
  }

  @Override
  public String toString() {
    return String.format(
        "PieceStats{words=%d, distinct=%d, unkWords=%d, pieces=%d, unkPieces=%d, mean=%.3f,"
            + " p50=%d, p95=%d, max=%d}",
        words,
        distinctWords,
        unkWords,
        pieces,
        unkPieces,
        getPiecesPerWordMean(),
        getPiecesPerWordP50(),
        getPiecesPerWordP95(),
        getPiecesPerWordMax());
  }
}

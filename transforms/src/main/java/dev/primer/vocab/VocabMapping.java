package dev.primer.vocab;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The old-id to new-id mapping of a pruned vocabulary, one row per kept piece in old-id order, so
 * that a pretrained embedding matrix can be sliced to match ({@code newMatrix[newId] =
 * oldMatrix[oldId]}).
 *
 * <p>TSV form: a header line {@code old_id<TAB>new_id<TAB>piece}, then one row per piece. Tab,
 * newline, carriage return and backslash inside a piece are written as {@code \t}, {@code \n},
 * {@code \r} and {@code \\}.
 */
public final class VocabMapping implements Serializable {

  /** The TSV header line. */
  public static final String HEADER = "old_id\tnew_id\tpiece";

  private final int[] oldIds;
  private final int[] newIds;
  private final String[] pieces;

  /** A mapping from parallel arrays (same length, old ids ascending). */
  public VocabMapping(int[] oldIds, int[] newIds, String[] pieces) {
    if (oldIds.length != newIds.length || oldIds.length != pieces.length) {
      throw new IllegalArgumentException("arrays of different lengths");
    }
    this.oldIds = oldIds.clone();
    this.newIds = newIds.clone();
    this.pieces = pieces.clone();
  }

  /** Number of kept pieces (the new vocabulary size). */
  public int size() {
    return oldIds.length;
  }

  /** Old id of row {@code i}. */
  public int oldId(int i) {
    return oldIds[i];
  }

  /** New id of row {@code i}. */
  public int newId(int i) {
    return newIds[i];
  }

  /** Piece of row {@code i}. */
  public String piece(int i) {
    return pieces[i];
  }

  /** The new id of an old id, or -1 when the old id was pruned. */
  public int toNewId(int oldId) {
    int i = Arrays.binarySearch(oldIds, oldId);
    return i >= 0 ? newIds[i] : -1;
  }

  /** The old ids in new-id order: the rows of the old embedding matrix to keep. */
  public int[] oldIdsByNewId() {
    int[] out = new int[oldIds.length];
    for (int i = 0; i < oldIds.length; i++) {
      out[newIds[i]] = oldIds[i];
    }
    return out;
  }

  /** The TSV text, header first, each row ending in a newline. */
  public String toTsv() {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    for (int i = 0; i < oldIds.length; i++) {
      sb.append(oldIds[i]).append('\t').append(newIds[i]).append('\t');
      sb.append(escape(pieces[i])).append('\n');
    }
    return sb.toString();
  }

  /** Parses the TSV text written by {@link #toTsv()}. */
  public static VocabMapping fromTsv(String tsv) {
    String[] lines = tsv.split("\n", -1);
    if (lines.length == 0 || !lines[0].equals(HEADER)) {
      throw new IllegalArgumentException("missing header line '" + HEADER + "'");
    }
    List<String[]> rows = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isEmpty() && i == lines.length - 1) {
        break;
      }
      String[] cols = lines[i].split("\t", -1);
      if (cols.length != 3) {
        throw new IllegalArgumentException("line " + (i + 1) + ": expected 3 columns");
      }
      rows.add(cols);
    }
    int[] oldIds = new int[rows.size()];
    int[] newIds = new int[rows.size()];
    String[] pieces = new String[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      oldIds[i] = Integer.parseInt(rows.get(i)[0]);
      newIds[i] = Integer.parseInt(rows.get(i)[1]);
      pieces[i] = unescape(rows.get(i)[2]);
    }
    return new VocabMapping(oldIds, newIds, pieces);
  }

  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\\' -> sb.append("\\\\");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  static String unescape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        switch (n) {
          case 't' -> sb.append('\t');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          default -> sb.append(n);
        }
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}

package dev.primer.learn.weights;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The old-id to new-id mapping of a pruned vocabulary ({@code vocab_mapping.tsv}): the {@code
 * vocab} stage writes it ({@link #toTsv()}), pre-training reads it ({@link #read}) to slice a
 * pretrained embedding matrix ({@code newMatrix[newId] = oldMatrix[oldId(newId)]}). The one model
 * of that file; it lives in the learning core (no Beam) so that both sides use it.
 *
 * <p>TSV form: a header line {@code old_id<TAB>new_id<TAB>piece}, then one row {@code
 * old_id<TAB>new_id<TAB>piece} per kept piece, in new-id order (the vocab stage numbers the kept
 * pieces densely in old-id order, so this is old-id order too). Tab, newline, carriage return and
 * backslash inside a piece are written as {@code \t}, {@code \n}, {@code \r} and {@code \\}. The
 * reader also takes files without the header and rows without the piece column, in any order.
 *
 * <p>Invariants: new ids are exactly {@code 0..n-1}, each once; old ids are non-negative and
 * distinct.
 */
public final class VocabMapping implements Serializable {

  /** The TSV header line. */
  public static final String HEADER = "old_id\tnew_id\tpiece";

  private final int[] oldIdByNewId;
  private final String[] pieceByNewId;
  private final int[] sortedOldIds;
  private final int[] newIdBySortedOld;

  private VocabMapping(int[] oldIdByNewId, String[] pieceByNewId) {
    this.oldIdByNewId = oldIdByNewId;
    this.pieceByNewId = pieceByNewId;
    Integer[] order = new Integer[oldIdByNewId.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(oldIdByNewId[a], oldIdByNewId[b]));
    this.sortedOldIds = new int[order.length];
    this.newIdBySortedOld = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      sortedOldIds[i] = oldIdByNewId[order[i]];
      newIdBySortedOld[i] = order[i];
      if (sortedOldIds[i] < 0) {
        throw new IllegalArgumentException(
            "Negative old id " + sortedOldIds[i] + " in vocab mapping");
      }
      if (i > 0 && sortedOldIds[i] == sortedOldIds[i - 1]) {
        throw new IllegalArgumentException("Old id " + sortedOldIds[i] + " is mapped twice");
      }
    }
  }

  /** A mapping from {@code oldIdByNewId[new] = old}, without pieces. */
  public static VocabMapping of(int[] oldIdByNewId) {
    return new VocabMapping(oldIdByNewId.clone(), new String[oldIdByNewId.length]);
  }

  /**
   * A mapping from parallel rows {@code (oldIds[k], newIds[k], pieces[k])} (same length; new ids
   * {@code 0..n-1}, each once).
   */
  public static VocabMapping of(int[] oldIds, int[] newIds, String[] pieces) {
    if (oldIds.length != newIds.length || oldIds.length != pieces.length) {
      throw new IllegalArgumentException("arrays of different lengths");
    }
    int[] byNew = new int[oldIds.length];
    String[] pieceByNew = new String[oldIds.length];
    Arrays.fill(byNew, -1);
    for (int k = 0; k < oldIds.length; k++) {
      int n = newIds[k];
      if (n < 0 || n >= byNew.length || byNew[n] != -1) {
        throw new IllegalArgumentException(
            "new id "
                + n
                + " is out of 0.."
                + (byNew.length - 1)
                + " or given twice; new ids must be 0..n-1, each once");
      }
      byNew[n] = oldIds[k];
      pieceByNew[n] = pieces[k];
    }
    return new VocabMapping(byNew, pieceByNew);
  }

  /**
   * Reads the TSV; a first line starting with {@code old_id} is a header; blank lines are ignored;
   * the piece column is optional.
   *
   * @param source file name for messages
   */
  public static VocabMapping read(InputStream in, String source) throws IOException {
    List<int[]> rows = new ArrayList<>();
    List<String> pieces = new ArrayList<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    int lineNumber = 0;
    while ((line = reader.readLine()) != null) {
      lineNumber++;
      if (line.isBlank() || (lineNumber == 1 && line.startsWith("old_id"))) {
        continue;
      }
      String[] f = line.split("\t", 3);
      try {
        if (f.length < 2) {
          throw new NumberFormatException("expected at least 2 columns");
        }
        rows.add(new int[] {Integer.parseInt(f[0].trim()), Integer.parseInt(f[1].trim())});
        pieces.add(f.length == 3 ? unescape(f[2]) : null);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            source
                + ":"
                + lineNumber
                + ": expected old_id<TAB>new_id[<TAB>piece], got '"
                + line
                + "'");
      }
    }
    int[] oldIds = new int[rows.size()];
    int[] newIds = new int[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      oldIds[i] = rows.get(i)[0];
      newIds[i] = rows.get(i)[1];
    }
    try {
      return of(oldIds, newIds, pieces.toArray(new String[0]));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  /** Parses the TSV text written by {@link #toTsv()}: the header line is required. */
  public static VocabMapping fromTsv(String tsv) {
    if (!tsv.startsWith(HEADER + "\n") && !tsv.equals(HEADER)) {
      throw new IllegalArgumentException("missing header line '" + HEADER + "'");
    }
    try {
      return read(new ByteArrayInputStream(tsv.getBytes(StandardCharsets.UTF_8)), "TSV");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The TSV text, header first, rows in new-id order, each ending in a newline. */
  public String toTsv() {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    for (int i = 0; i < oldIdByNewId.length; i++) {
      sb.append(oldIdByNewId[i]).append('\t').append(i).append('\t');
      sb.append(escape(pieceByNewId[i] == null ? "" : pieceByNewId[i])).append('\n');
    }
    return sb.toString();
  }

  /** Number of kept pieces (the new vocabulary size). */
  public int size() {
    return oldIdByNewId.length;
  }

  /** The old id of new id {@code newId}. */
  public int oldId(int newId) {
    return oldIdByNewId[newId];
  }

  /** The piece of new id {@code newId}, or null when the file had no piece column. */
  public String piece(int newId) {
    return pieceByNewId[newId];
  }

  /** The new id of {@code oldId}, or -1 when the piece is not kept. */
  public int newId(int oldId) {
    int i = Arrays.binarySearch(sortedOldIds, oldId);
    return i >= 0 ? newIdBySortedOld[i] : -1;
  }

  /** The old ids in new-id order: the rows of the old embedding matrix to keep. */
  public int[] oldIdsByNewId() {
    return oldIdByNewId.clone();
  }

  /** The largest old id. */
  public int maxOldId() {
    return sortedOldIds.length == 0 ? -1 : sortedOldIds[sortedOldIds.length - 1];
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

package dev.primer.learn.weights;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An old-to-new token id mapping for vocabulary pruning, as the {@code vocab} stage writes it: a
 * TSV with an optional header line {@code old_id<TAB>new_id<TAB>piece} and one row {@code
 * old_id<TAB>new_id[<TAB>piece]} per kept piece (the piece column is ignored here). New ids must be
 * exactly {@code 0..n-1} (each once); old ids must be distinct.
 */
public final class VocabMapping {

  private final int[] oldIdByNewId;

  private VocabMapping(int[] oldIdByNewId) {
    this.oldIdByNewId = oldIdByNewId;
  }

  /** A mapping from {@code oldIdByNewId[new] = old}. */
  public static VocabMapping of(int[] oldIdByNewId) {
    int[] copy = oldIdByNewId.clone();
    int[] sorted = copy.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      if (sorted[i] < 0) {
        throw new IllegalArgumentException("Negative old id " + sorted[i] + " in vocab mapping");
      }
      if (i > 0 && sorted[i] == sorted[i - 1]) {
        throw new IllegalArgumentException("Old id " + sorted[i] + " is mapped twice");
      }
    }
    return new VocabMapping(copy);
  }

  /**
   * Reads the TSV; a first line starting with {@code old_id} is a header; blank lines are ignored.
   *
   * @param source file name for messages
   */
  public static VocabMapping read(InputStream in, String source) throws IOException {
    java.util.List<int[]> rows = new java.util.ArrayList<>();
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
    int[] byNew = new int[rows.size()];
    Arrays.fill(byNew, -1);
    for (int[] r : rows) {
      if (r[1] < 0 || r[1] >= byNew.length || byNew[r[1]] != -1) {
        throw new IllegalArgumentException(
            source
                + ": new id "
                + r[1]
                + " is out of 0.."
                + (byNew.length - 1)
                + " or given twice; new ids must be 0..n-1, each once");
      }
      byNew[r[1]] = r[0];
    }
    try {
      return of(byNew);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  /** Number of kept pieces (the new vocabulary size). */
  public int size() {
    return oldIdByNewId.length;
  }

  /** The old id of new id {@code newId}. */
  public int oldId(int newId) {
    return oldIdByNewId[newId];
  }

  /** The new id of {@code oldId}, or -1 when the piece is not kept. */
  public int newId(int oldId) {
    for (int i = 0; i < oldIdByNewId.length; i++) {
      if (oldIdByNewId[i] == oldId) {
        return i;
      }
    }
    return -1;
  }

  /** The largest old id. */
  public int maxOldId() {
    return Arrays.stream(oldIdByNewId).max().orElse(-1);
  }
}

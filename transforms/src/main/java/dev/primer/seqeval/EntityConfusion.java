package dev.primer.seqeval;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Entity-level confusion table for error analysis, built from the same chunks as {@link
 * NerScoreAccumulator}. Serializable and mergeable.
 *
 * <p>Each gold chunk is matched to the predicted chunk with the same boundaries, if any: the cell
 * (gold type, predicted type) counts it (the diagonal holds the correct entities, off-diagonal
 * cells the type confusions). A gold chunk without such a prediction counts in (gold type, {@link
 * #NONE}) ("missed"); a predicted chunk without such a gold chunk counts in ({@link #NONE},
 * predicted type) ("spurious"). Missed and spurious chunks that partly overlap a chunk on the other
 * side are also counted as boundary errors.
 */
public final class EntityConfusion implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Row or column label for "no chunk with these boundaries". */
  public static final String NONE = "O";

  private final TreeMap<String, TreeMap<String, Long>> cells = new TreeMap<>();
  private final TreeMap<String, Long> missedOverlapping = new TreeMap<>();
  private final TreeMap<String, Long> spuriousOverlapping = new TreeMap<>();

  /**
   * Adds one sentence.
   *
   * @throws IllegalArgumentException if the sequences differ in length or hold an invalid tag
   */
  public EntityConfusion add(List<String> gold, List<String> predicted) {
    Objects.requireNonNull(gold, "gold");
    Objects.requireNonNull(predicted, "predicted");
    if (gold.size() != predicted.size()) {
      throw new IllegalArgumentException(
          "Gold and predicted tag sequences differ in length: "
              + gold.size()
              + " vs "
              + predicted.size());
    }
    List<EntitySpan> goldSpans = IobChunker.chunks(gold);
    List<EntitySpan> predSpans = IobChunker.chunks(predicted);
    for (EntitySpan g : goldSpans) {
      EntitySpan match = null;
      boolean overlap = false;
      for (EntitySpan p : predSpans) {
        if (p.sameBoundaries(g)) {
          match = p;
        } else if (p.overlaps(g)) {
          overlap = true;
        }
      }
      if (match != null) {
        increment(g.type(), match.type(), 1);
      } else {
        increment(g.type(), NONE, 1);
        if (overlap) {
          missedOverlapping.merge(g.type(), 1L, Long::sum);
        }
      }
    }
    for (EntitySpan p : predSpans) {
      boolean matched = false;
      boolean overlap = false;
      for (EntitySpan g : goldSpans) {
        if (g.sameBoundaries(p)) {
          matched = true;
        } else if (g.overlaps(p)) {
          overlap = true;
        }
      }
      if (!matched) {
        increment(NONE, p.type(), 1);
        if (overlap) {
          spuriousOverlapping.merge(p.type(), 1L, Long::sum);
        }
      }
    }
    return this;
  }

  /** Adds the counts of {@code other} to this table and returns this. */
  public EntityConfusion merge(EntityConfusion other) {
    other.cells.forEach((g, row) -> row.forEach((p, n) -> increment(g, p, n)));
    other.missedOverlapping.forEach((t, n) -> missedOverlapping.merge(t, n, Long::sum));
    other.spuriousOverlapping.forEach((t, n) -> spuriousOverlapping.merge(t, n, Long::sum));
    return this;
  }

  /** The count of cell (gold type or {@link #NONE}, predicted type or {@link #NONE}). */
  public long count(String goldType, String predictedType) {
    TreeMap<String, Long> row = cells.get(goldType);
    return row == null ? 0 : row.getOrDefault(predictedType, 0L);
  }

  /** Gold chunks of {@code type} without a same-boundary prediction. */
  public long missed(String type) {
    return count(type, NONE);
  }

  /** Predicted chunks of {@code type} without a same-boundary gold chunk. */
  public long spurious(String type) {
    return count(NONE, type);
  }

  /** Missed gold chunks of {@code type} that partly overlap some predicted chunk. */
  public long missedWithBoundaryError(String type) {
    return missedOverlapping.getOrDefault(type, 0L);
  }

  /** Spurious predicted chunks of {@code type} that partly overlap some gold chunk. */
  public long spuriousWithBoundaryError(String type) {
    return spuriousOverlapping.getOrDefault(type, 0L);
  }

  /** All entity types seen on either side, sorted. */
  public SortedSet<String> types() {
    TreeSet<String> types = new TreeSet<>();
    for (Map.Entry<String, TreeMap<String, Long>> row : cells.entrySet()) {
      types.add(row.getKey());
      types.addAll(row.getValue().keySet());
    }
    types.remove(NONE);
    return types;
  }

  /** A text table: rows are gold types, columns predicted types, then {@link #NONE}. */
  public String format() {
    List<String> labels = new java.util.ArrayList<>(types());
    labels.add(NONE);
    int width = "gold\\pred".length();
    for (String label : labels) {
      width = Math.max(width, label.length());
    }
    int cell = Math.max(width, 7);
    StringBuilder out = new StringBuilder();
    out.append(pad("gold\\pred", width));
    for (String p : labels) {
      out.append(' ').append(pad(p, cell));
    }
    out.append('\n');
    for (String g : labels) {
      out.append(pad(g, width));
      for (String p : labels) {
        String value = g.equals(NONE) && p.equals(NONE) ? "-" : Long.toString(count(g, p));
        out.append(' ').append(pad(value, cell));
      }
      out.append('\n');
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return format();
  }

  private void increment(String gold, String predicted, long n) {
    cells.computeIfAbsent(gold, k -> new TreeMap<>()).merge(predicted, n, Long::sum);
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
  }
}

package dev.primer.seqeval;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Accumulates entity counts sentence by sentence for seqeval-identical scoring ({@link NerReport}).
 * Serializable and mergeable, so a Beam {@code CombineFn} can keep one per bundle and merge them.
 *
 * <p>Per entity type it counts the gold chunks, the predicted chunks, and the predicted chunks
 * equal to a gold chunk (same type, same start, same end), which is what seqeval compares.
 */
public final class NerScoreAccumulator implements Serializable {

  private static final long serialVersionUID = 1L;

  /** type -> {correct, predicted, gold}. */
  private final TreeMap<String, long[]> counts = new TreeMap<>();

  private long correctTokens;
  private long tokens;
  private long sentences;

  /**
   * Adds one sentence.
   *
   * @throws IllegalArgumentException if the sequences differ in length or hold an invalid tag
   */
  public NerScoreAccumulator add(List<String> gold, List<String> predicted) {
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
    Set<EntitySpan> goldSet = new HashSet<>(goldSpans);
    for (EntitySpan g : goldSet) {
      row(g.type())[2]++;
    }
    for (EntitySpan p : new HashSet<>(predSpans)) {
      long[] row = row(p.type());
      row[1]++;
      if (goldSet.contains(p)) {
        row[0]++;
      }
    }
    for (int i = 0; i < gold.size(); i++) {
      if (gold.get(i).equals(predicted.get(i))) {
        correctTokens++;
      }
    }
    tokens += gold.size();
    sentences++;
    return this;
  }

  /**
   * Adds one sentence given as tag ids into {@code labels} (e.g. the label list of a checkpoint).
   *
   * @throws IllegalArgumentException if an id is out of range, or as {@link #add(List, List)}
   */
  public NerScoreAccumulator add(int[] gold, int[] predicted, List<String> labels) {
    return add(tags(gold, labels), tags(predicted, labels));
  }

  private static List<String> tags(int[] ids, List<String> labels) {
    List<String> tags = new java.util.ArrayList<>(ids.length);
    for (int id : ids) {
      if (id < 0 || id >= labels.size()) {
        throw new IllegalArgumentException(
            "Tag id " + id + " is out of the label list 0.." + (labels.size() - 1));
      }
      tags.add(labels.get(id));
    }
    return tags;
  }

  /** Adds the counts of {@code other} to this accumulator and returns this. */
  public NerScoreAccumulator merge(NerScoreAccumulator other) {
    for (Map.Entry<String, long[]> e : other.counts.entrySet()) {
      long[] row = row(e.getKey());
      for (int i = 0; i < 3; i++) {
        row[i] += e.getValue()[i];
      }
    }
    correctTokens += other.correctTokens;
    tokens += other.tokens;
    sentences += other.sentences;
    return this;
  }

  /** Scores the sentences added so far. */
  public NerReport report() {
    TreeMap<String, long[]> copy = new TreeMap<>();
    counts.forEach((k, v) -> copy.put(k, v.clone()));
    return new NerReport(copy, correctTokens, tokens, sentences);
  }

  private long[] row(String type) {
    return counts.computeIfAbsent(type, t -> new long[3]);
  }
}

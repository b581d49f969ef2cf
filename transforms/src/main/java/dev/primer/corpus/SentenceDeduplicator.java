package dev.primer.corpus;

import dev.primer.schemas.Sentence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deduplication of {@link DeduplicateSentences} for a plain single-threaded loop: keeps, per
 * sentence id, the copy with the smallest (source, line) position, with {@code copies} summed.
 * Holds one sentence per distinct id in memory.
 */
public final class SentenceDeduplicator {
  private final Map<String, KeepEarliestCopyFn.Earliest> byId = new LinkedHashMap<>();
  private final KeepEarliestCopyFn combine = new KeepEarliestCopyFn();
  private long added;

  /** Adds a sentence (or an already deduplicated one, whose copies are kept). */
  public void add(Sentence sentence) {
    added++;
    combine.addInput(
        byId.computeIfAbsent(sentence.getId(), id -> combine.createAccumulator()), sentence);
  }

  /** Number of sentences added. */
  public long added() {
    return added;
  }

  /** Number of distinct sentences so far. */
  public int distinct() {
    return byId.size();
  }

  /** The kept sentences, in the order their ids were first seen. */
  public List<Sentence> sentences() {
    List<Sentence> kept = new ArrayList<>(byId.size());
    for (KeepEarliestCopyFn.Earliest earliest : byId.values()) {
      kept.add(combine.extractOutput(earliest));
    }
    return kept;
  }
}

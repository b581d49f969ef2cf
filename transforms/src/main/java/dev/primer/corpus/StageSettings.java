package dev.primer.corpus;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The options of the {@code stage} logic that apply to every corpus: IOB policy, label map, allowed
 * entity types and sanity caps. Immutable; start from {@link #defaults()} and use the {@code with*}
 * methods.
 */
public final class StageSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Default sanity cap on tokens per sentence (the longest real sentence seen has 2427). */
  public static final int DEFAULT_MAX_TOKENS = 4096;

  /** Default cap on the bytes of one line (the longest real line seen has under 2 KB). */
  public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;

  /** The splits deduplicated by default: train only; dev and test are scored whole. */
  public static final Set<String> DEFAULT_DEDUP_SPLITS = Set.of(CorpusNames.TRAIN);

  private static final StageSettings DEFAULTS =
      new StageSettings(
          IobPolicy.REPAIR,
          LabelMap.identity(),
          Set.of(),
          DEFAULT_MAX_TOKENS,
          DEFAULT_MAX_LINE_BYTES,
          DEFAULT_DEDUP_SPLITS);

  private final IobPolicy iobPolicy;
  private final LabelMap labelMap;
  private final Set<String> allowedTypes;
  private final int maxTokens;
  private final int maxLineBytes;
  private final Set<String> dedupSplits;

  private StageSettings(
      IobPolicy iobPolicy,
      LabelMap labelMap,
      Set<String> allowedTypes,
      int maxTokens,
      int maxLineBytes,
      Set<String> dedupSplits) {
    this.iobPolicy = iobPolicy;
    this.labelMap = labelMap;
    this.allowedTypes = allowedTypes;
    this.maxTokens = maxTokens;
    this.maxLineBytes = maxLineBytes;
    this.dedupSplits = dedupSplits;
  }

  /** REPAIR, identity label map, any type allowed, default caps, train deduplicated. */
  public static StageSettings defaults() {
    return DEFAULTS;
  }

  /** What to do with IOB2 sentences whose I- tags do not continue an entity. */
  public IobPolicy iobPolicy() {
    return iobPolicy;
  }

  /** The label map applied after IOB repair. */
  public LabelMap labelMap() {
    return labelMap;
  }

  /**
   * Entity types a staged sentence may hold after label mapping; empty means any. A sentence with
   * another type becomes an {@code UNKNOWN_TAG} dead letter.
   */
  public Set<String> allowedTypes() {
    return allowedTypes;
  }

  /** Sentences with more tokens become {@code TOO_MANY_TOKENS} dead letters. */
  public int maxTokens() {
    return maxTokens;
  }

  /** Lines with more bytes become {@code LINE_TOO_LONG} dead letters. */
  public int maxLineBytes() {
    return maxLineBytes;
  }

  /** A copy with another IOB policy. */
  public StageSettings withIobPolicy(IobPolicy policy) {
    return new StageSettings(policy, labelMap, allowedTypes, maxTokens, maxLineBytes, dedupSplits);
  }

  /** A copy with another label map. */
  public StageSettings withLabelMap(LabelMap map) {
    return new StageSettings(iobPolicy, map, allowedTypes, maxTokens, maxLineBytes, dedupSplits);
  }

  /** A copy with another label map, parsed by {@link LabelMap#parse}. */
  public StageSettings withLabelMap(String map) {
    return withLabelMap(LabelMap.parse(map));
  }

  /** A copy allowing only these entity types (after label mapping); empty allows any. */
  public StageSettings withAllowedTypes(Set<String> types) {
    for (String type : types) {
      if (type.isEmpty() || type.equals("O") || type.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException(
            "allowed entity type '" + type + "' is not a type name (e.g. PER)");
      }
    }
    return new StageSettings(
        iobPolicy,
        labelMap,
        Collections.unmodifiableSet(new LinkedHashSet<>(types)),
        maxTokens,
        maxLineBytes,
        dedupSplits);
  }

  /** A copy allowing only the comma-separated types, e.g. {@code PER,LOC,ORG}; blank allows any. */
  public StageSettings withAllowedTypes(String types) {
    Set<String> set = new LinkedHashSet<>();
    if (types != null && !types.isBlank()) {
      for (String t : types.split(",", -1)) {
        set.add(t.trim());
      }
    }
    return withAllowedTypes(set);
  }

  /** A copy with another token cap per sentence (at least 1). */
  public StageSettings withMaxTokens(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("maximum sentence tokens must be at least 1, got " + max);
    }
    return new StageSettings(iobPolicy, labelMap, allowedTypes, max, maxLineBytes, dedupSplits);
  }

  /** A copy with another line cap in bytes (at least 16). */
  public StageSettings withMaxLineBytes(int max) {
    if (max < 16) {
      throw new IllegalArgumentException("maximum line bytes must be at least 16, got " + max);
    }
    return new StageSettings(iobPolicy, labelMap, allowedTypes, maxTokens, max, dedupSplits);
  }

  /**
   * The splits whose identical sentences are merged into one ({@link DeduplicateSentences}); the
   * others keep every copy, as published benchmarks score them.
   */
  public Set<String> dedupSplits() {
    return dedupSplits;
  }

  /** A copy deduplicating exactly these splits (each train, dev or test; empty: none). */
  public StageSettings withDedupSplits(Set<String> splits) {
    for (String split : splits) {
      if (!CorpusNames.isSplit(split)) {
        throw new IllegalArgumentException(
            "dedup split '" + split + "' must be train, dev or test");
      }
    }
    return new StageSettings(
        iobPolicy,
        labelMap,
        allowedTypes,
        maxTokens,
        maxLineBytes,
        Collections.unmodifiableSet(new java.util.TreeSet<>(splits)));
  }

  /**
   * A copy deduplicating the comma-separated splits, e.g. {@code train} or {@code train,dev};
   * {@code none} or blank deduplicates none, {@code all} every split.
   */
  public StageSettings withDedupSplits(String splits) {
    Set<String> set = new LinkedHashSet<>();
    String value = splits == null ? "" : splits.trim();
    if (value.equals("all")) {
      set.addAll(Set.of(CorpusNames.TRAIN, CorpusNames.DEV, CorpusNames.TEST));
    } else if (!value.isEmpty() && !value.equals("none")) {
      for (String t : value.split(",", -1)) {
        set.add(t.trim());
      }
    }
    return withDedupSplits(set);
  }

  @Override
  public String toString() {
    return "iobPolicy="
        + iobPolicy
        + ", labelMap='"
        + labelMap
        + "', allowedTypes="
        + allowedTypes
        + ", maxTokens="
        + maxTokens
        + ", maxLineBytes="
        + maxLineBytes
        + ", dedupSplits="
        + dedupSplits;
  }
}

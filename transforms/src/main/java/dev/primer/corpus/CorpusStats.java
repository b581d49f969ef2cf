package dev.primer.corpus;

import dev.primer.io.MergeFn;
import dev.primer.schemas.Sentence;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Figures of one (language, split) of the staged corpora, for the stage manifest: sentences kept
 * after deduplication, their tokens and entities per type, duplicates removed, sentences repaired,
 * and dead letters per reason. Encoded by {@link CorpusStatsCoder}.
 */
public final class CorpusStats implements MergeFn.Mergeable<CorpusStats> {
  private static final long serialVersionUID = 1L;

  /** Language key of dead letters whose language could not be told. */
  public static final String UNKNOWN_LANGUAGE = "und";

  private String lang;
  private String split;
  private long sentences;
  private long tokens;
  private long duplicatesRemoved;
  private long repairedSentences;
  private final TreeMap<String, Long> entities = new TreeMap<>();
  private final TreeMap<String, Long> deadLetters = new TreeMap<>();

  private CorpusStats(String lang, String split) {
    this.lang = lang;
    this.split = split;
  }

  /** Stats with no language and split yet (they come with the first {@link #add}). */
  static CorpusStats empty() {
    return new CorpusStats(null, null);
  }

  /** Stats of one language and split with every count zero. */
  public static CorpusStats of(String lang, String split) {
    return new CorpusStats(lang, split);
  }

  /** The contribution of one deduplicated sentence (entities = B- tags per type). */
  public static CorpusStats ofSentence(Sentence sentence) {
    CorpusStats stats = new CorpusStats(sentence.getLang(), sentence.getSplit());
    stats.sentences = 1;
    stats.tokens = sentence.getTokens().size();
    stats.duplicatesRemoved = sentence.getCopies() - 1;
    stats.repairedSentences = sentence.getRepairs().isEmpty() ? 0 : 1;
    for (String tag : sentence.getTags()) {
      if (tag.startsWith("B-")) {
        stats.entities.merge(tag.substring(2), 1L, Long::sum);
      }
    }
    return stats;
  }

  /** The contribution of one dead letter. */
  public static CorpusStats ofDeadLetter(String lang, String split, String reason) {
    CorpusStats stats = new CorpusStats(lang == null ? UNKNOWN_LANGUAGE : lang, split);
    stats.deadLetters.put(reason, 1L);
    return stats;
  }

  /** A new object holding the sums of {@code a} and {@code b} (same language and split). */
  public static CorpusStats merge(CorpusStats a, CorpusStats b) {
    return empty().merge(a).merge(b);
  }

  /** Adds {@code other} into this object and returns it. */
  @Override
  public CorpusStats merge(CorpusStats other) {
    if (lang == null) {
      lang = other.lang;
      split = other.split;
    } else if (other.lang != null && (!lang.equals(other.lang) || !split.equals(other.split))) {
      throw new IllegalArgumentException(
          "cannot add stats of " + other.key() + " to stats of " + key());
    }
    sentences += other.sentences;
    tokens += other.tokens;
    duplicatesRemoved += other.duplicatesRemoved;
    repairedSentences += other.repairedSentences;
    other.entities.forEach((k, v) -> entities.merge(k, v, Long::sum));
    other.deadLetters.forEach((k, v) -> deadLetters.merge(k, v, Long::sum));
    return this;
  }

  /** Sets every field; for {@link CorpusStatsCoder}. */
  static CorpusStats decoded(
      String lang,
      String split,
      long sentences,
      long tokens,
      long duplicatesRemoved,
      long repairedSentences,
      Map<String, Long> entities,
      Map<String, Long> deadLetters) {
    CorpusStats stats = new CorpusStats(lang, split);
    stats.sentences = sentences;
    stats.tokens = tokens;
    stats.duplicatesRemoved = duplicatesRemoved;
    stats.repairedSentences = repairedSentences;
    stats.entities.putAll(entities);
    stats.deadLetters.putAll(deadLetters);
    return stats;
  }

  /** {@code lang/split}, the key stats are combined by. */
  public String key() {
    return key(lang, split);
  }

  /** {@code lang/split}. */
  public static String key(String lang, String split) {
    return (lang == null ? UNKNOWN_LANGUAGE : lang) + "/" + split;
  }

  /** Language code ({@value #UNKNOWN_LANGUAGE} when dead letters could not tell it). */
  public String lang() {
    return lang;
  }

  /** Split: train, dev or test. */
  public String split() {
    return split;
  }

  /** Sentences kept after deduplication. */
  public long sentences() {
    return sentences;
  }

  /** Sentences before deduplication: kept ones plus removed duplicates. */
  public long sentencesBeforeDedup() {
    return sentences + duplicatesRemoved;
  }

  /** Tokens of the kept sentences. */
  public long tokens() {
    return tokens;
  }

  /** Copies removed by deduplication. */
  public long duplicatesRemoved() {
    return duplicatesRemoved;
  }

  /** Kept sentences with at least one repair (IOB repair, IOB1 conversion, dropped type). */
  public long repairedSentences() {
    return repairedSentences;
  }

  /** Entities (B- tags) of the kept sentences per type, sorted by type. */
  public SortedMap<String, Long> entities() {
    return Collections.unmodifiableSortedMap(entities);
  }

  /** Dead letters per reason code, sorted by reason. */
  public SortedMap<String, Long> deadLetters() {
    return Collections.unmodifiableSortedMap(deadLetters);
  }

  /** Total dead letters. */
  public long deadLetterCount() {
    return deadLetters.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The figures as a map of plain values (strings, longs, maps), ready for a JSON writer. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("lang", lang);
    map.put("split", split);
    map.put("sentences", sentences);
    map.put("sentencesBeforeDedup", sentencesBeforeDedup());
    map.put("duplicatesRemoved", duplicatesRemoved);
    map.put("tokens", tokens);
    map.put("repairedSentences", repairedSentences);
    map.put("entities", new TreeMap<>(entities));
    map.put("deadLetters", new TreeMap<>(deadLetters));
    return map;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CorpusStats)) {
      return false;
    }
    CorpusStats other = (CorpusStats) o;
    return Objects.equals(lang, other.lang)
        && Objects.equals(split, other.split)
        && sentences == other.sentences
        && tokens == other.tokens
        && duplicatesRemoved == other.duplicatesRemoved
        && repairedSentences == other.repairedSentences
        && entities.equals(other.entities)
        && deadLetters.equals(other.deadLetters);
  }

  @Override
  public int hashCode() {
    return Objects.hash(lang, split, sentences, tokens, duplicatesRemoved, entities, deadLetters);
  }

  @Override
  public String toString() {
    return "CorpusStats" + toMap();
  }
}

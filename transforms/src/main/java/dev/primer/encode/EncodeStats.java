package dev.primer.encode;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.primer.Json;
import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Encode statistics per language and split, and in total, for the manifest. Serializable (Beam) and
 * JSON-serializable (Jackson getters; see {@link #toJson()}).
 */
public final class EncodeStats implements Serializable {

  private final TreeMap<String, TreeMap<String, EncodeCounts>> languages = new TreeMap<>();
  private final EncodeCounts total = new EncodeCounts();

  /** Adds the counts of one language and split. */
  public EncodeStats add(String lang, String split, EncodeCounts counts) {
    languages
        .computeIfAbsent(lang, l -> new TreeMap<>())
        .computeIfAbsent(split, s -> new EncodeCounts())
        .merge(counts);
    total.merge(counts);
    return this;
  }

  /** Counts by language, then split. */
  public Map<String, Map<String, EncodeCounts>> getLanguages() {
    return Collections.unmodifiableMap(languages);
  }

  /** The counts of one language and split, or null. */
  public EncodeCounts get(String lang, String split) {
    Map<String, EncodeCounts> splits = languages.get(lang);
    return splits == null ? null : splits.get(split);
  }

  /** Counts over everything. */
  public EncodeCounts getTotal() {
    return total;
  }

  /** Indented JSON of the getters. */
  public String toJson() {
    try {
      return Json.mapper().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncodeStats s && languages.equals(s.languages);
  }

  @Override
  public int hashCode() {
    return languages.hashCode();
  }

  @Override
  public String toString() {
    return "EncodeStats{total=" + total + ", languages=" + languages + "}";
  }
}

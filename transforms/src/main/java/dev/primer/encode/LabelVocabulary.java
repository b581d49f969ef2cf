package dev.primer.encode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.primer.Json;
import dev.primer.corpus.IobTags;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The one label space shared by all languages: {@code O} (id 0), then {@code B-T}, {@code I-T} for
 * every entity type T in alphabetical order. Label ids in {@code EncodedSentence.labelIds} index
 * {@link #labels()}. Written as {@code labels.json}: {@code {"types": [...], "labels": [...]}}.
 */
public final class LabelVocabulary implements Serializable {

  private static final ObjectMapper MAPPER = Json.mapper();

  private final List<String> types;
  private final List<String> labels;
  private final Map<String, Integer> ids;

  private LabelVocabulary(List<String> types) {
    this.types = List.copyOf(types);
    List<String> l = new ArrayList<>();
    l.add(IobTags.OUTSIDE);
    for (String t : types) {
      l.add("B-" + t);
      l.add("I-" + t);
    }
    this.labels = List.copyOf(l);
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      m.put(labels.get(i), i);
    }
    this.ids = m;
  }

  /** The label space of the given entity types (any order, duplicates ignored). */
  public static LabelVocabulary ofTypes(Collection<String> types) {
    TreeSet<String> sorted = new TreeSet<>();
    for (String t : types) {
      if (!IobTags.isStagedType(t)) {
        throw new IllegalArgumentException("invalid entity type '" + t + "'");
      }
      sorted.add(t);
    }
    return new LabelVocabulary(new ArrayList<>(sorted));
  }

  /** The label space of the given entity types. */
  public static LabelVocabulary ofTypes(String... types) {
    return ofTypes(List.of(types));
  }

  /** Parses labels.json text written by {@link #toJson()}; checks the labels are consistent. */
  public static LabelVocabulary fromJson(String json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
    List<String> types = new ArrayList<>();
    node.path("types").forEach(t -> types.add(t.asText()));
    LabelVocabulary v = ofTypes(types);
    if (node.has("labels")) {
      List<String> labels = new ArrayList<>();
      node.get("labels").forEach(l -> labels.add(l.asText()));
      if (!labels.equals(v.labels)) {
        throw new IllegalArgumentException("labels " + labels + " do not follow types " + types);
      }
    }
    return v;
  }

  /** The labels.json text. */
  public String toJson() {
    ObjectNode root = MAPPER.createObjectNode();
    ArrayNode t = root.putArray("types");
    types.forEach(t::add);
    ArrayNode l = root.putArray("labels");
    labels.forEach(l::add);
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Entity types, sorted. */
  public List<String> types() {
    return types;
  }

  /** Labels in id order. */
  public List<String> labels() {
    return labels;
  }

  /** Number of labels. */
  public int size() {
    return labels.size();
  }

  /** The id of a tag, or -1 when it is not in this label space. */
  public int id(String tag) {
    Integer id = ids.get(tag);
    return id == null ? -1 : id;
  }

  /** The label of an id. */
  public String label(int id) {
    return labels.get(id);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelVocabulary v && types.equals(v.types);
  }

  @Override
  public int hashCode() {
    return types.hashCode();
  }

  @Override
  public String toString() {
    return "LabelVocabulary" + labels;
  }
}

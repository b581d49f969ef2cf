package dev.primer.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Why a stage reruns: the differences between the cache key parts of its committed manifest and
 * those of the new attempt ({@link CacheKey#parts}), one line each, e.g. {@code --maxSteps 300 ->
 * 200}, {@code code 3f2a9c0d1b7e -> 8d1f0a2c4b6e}, {@code seed 1 -> 2}, {@code input /data/a.tsv
 * changed}, {@code input encode/ changed}.
 */
final class RerunReasons {

  private RerunReasons() {}

  /**
   * The reasons, in the order code, seed, options (by name; {@code --seed} is the seed part),
   * inputs (by URI), upstream stages (by name); never empty when the keys differ.
   *
   * @param stored the committed manifest's parts, or null when it records none (an older manifest)
   * @param current the new attempt's parts
   */
  static List<String> between(ObjectNode stored, ObjectNode current) {
    List<String> reasons = new ArrayList<>();
    if (stored == null) {
      reasons.add("the committed output records no cache key parts (written by an older primer)");
      return reasons;
    }
    change(reasons, "stage", stored, current);
    change(reasons, "code", stored, current);
    change(reasons, "seed", stored, current);
    JsonNode oldOptions = stored.path("options");
    JsonNode newOptions = current.path("options");
    for (String name : names(oldOptions, newOptions)) {
      JsonNode before = oldOptions.path(name);
      JsonNode after = newOptions.path(name);
      if (!name.equals("seed") && !same(before, after)) {
        reasons.add("--" + name + " " + show(before) + " -> " + show(after));
      }
    }
    Map<String, String> oldInputs = inputs(stored.path("inputs"));
    Map<String, String> newInputs = inputs(current.path("inputs"));
    for (String uri : new TreeSet<>(union(oldInputs, newInputs))) {
      String before = oldInputs.get(uri);
      String after = newInputs.get(uri);
      if (before == null) {
        reasons.add("input " + uri + " added");
      } else if (after == null) {
        reasons.add("input " + uri + " no longer read");
      } else if (!before.equals(after)) {
        reasons.add("input " + uri + " changed");
      }
    }
    JsonNode oldUpstream = stored.path("upstream");
    JsonNode newUpstream = current.path("upstream");
    for (String stage : names(oldUpstream, newUpstream)) {
      JsonNode before = oldUpstream.path(stage);
      JsonNode after = newUpstream.path(stage);
      if (before.isMissingNode()) {
        reasons.add("input " + stage + "/ added");
      } else if (after.isMissingNode()) {
        reasons.add("input " + stage + "/ no longer read");
      } else if (!same(before, after)) {
        reasons.add("input " + stage + "/ changed");
      }
    }
    if (reasons.isEmpty() && !same(stored, current)) {
      reasons.add("cache key parts differ: " + stored + " -> " + current);
    }
    return reasons;
  }

  private static void change(List<String> reasons, String part, JsonNode stored, JsonNode now) {
    JsonNode before = stored.path(part);
    JsonNode after = now.path(part);
    if (!same(before, after)) {
      reasons.add(part + " " + show(before) + " -> " + show(after));
    }
  }

  /**
   * Equal as the key hashes them (their JSON text): a long read back from a manifest is an int
   * node, which {@link JsonNode#equals} tells apart.
   */
  private static boolean same(JsonNode a, JsonNode b) {
    if (a.isMissingNode() || b.isMissingNode()) {
      return a.isMissingNode() && b.isMissingNode();
    }
    return a.toString().equals(b.toString());
  }

  private static String show(JsonNode value) {
    if (value == null || value.isMissingNode() || value instanceof MissingNode) {
      return "(unset)";
    }
    if (value.isNull()) {
      return "null";
    }
    return value.isValueNode() ? value.asText() : value.toString();
  }

  private static TreeSet<String> names(JsonNode a, JsonNode b) {
    TreeSet<String> names = new TreeSet<>();
    a.fieldNames().forEachRemaining(names::add);
    b.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** {@code uri@sha256} entries as URI to digest (the digest follows the last '@'). */
  private static Map<String, String> inputs(JsonNode list) {
    Map<String, String> byUri = new LinkedHashMap<>();
    for (JsonNode entry : list) {
      String text = entry.asText();
      int at = text.lastIndexOf('@');
      byUri.put(at < 0 ? text : text.substring(0, at), at < 0 ? "" : text.substring(at + 1));
    }
    return byUri;
  }

  private static TreeSet<String> union(Map<String, String> a, Map<String, String> b) {
    TreeSet<String> keys = new TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    return keys;
  }
}

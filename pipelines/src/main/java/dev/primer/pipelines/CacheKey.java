package dev.primer.pipelines;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.primer.io.BuildInfo;
import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stage's cache key: the SHA-256 of everything that determines its output — the stage name, its
 * configuration and seed, the content of the files it read, the cache keys of the upstream outputs
 * it consumed, and primer's version. Equal keys mean the stored output can be reused.
 */
final class CacheKey {

  private CacheKey() {}

  static String of(Manifest manifest) {
    ObjectNode key = JsonNodeFactory.instance.objectNode();
    key.put("stage", manifest.stage);
    key.put("primer", BuildInfo.primerVersion());
    key.put("seed", manifest.seed);
    key.set("options", sorted(manifest.options));
    ArrayNode inputs = key.putArray("inputs");
    manifest.inputs.stream()
        .map(input -> input.uri + "@" + input.sha256)
        .sorted()
        .forEach(inputs::add);
    ObjectNode upstream = key.putObject("upstream");
    new TreeMap<>(manifest.upstream)
        .forEach((stage, info) -> upstream.put(stage, String.valueOf(info.cacheKey)));
    return ResourceIO.sha256(key.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static ObjectNode sorted(ObjectNode node) {
    ObjectNode sorted = JsonNodeFactory.instance.objectNode();
    Map<String, com.fasterxml.jackson.databind.JsonNode> fields = new TreeMap<>();
    node.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
    fields.forEach(sorted::set);
    return sorted;
  }
}

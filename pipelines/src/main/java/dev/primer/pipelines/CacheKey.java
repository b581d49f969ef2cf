package dev.primer.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.primer.io.CodeVersion;
import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stage's cache key: the SHA-256 of everything that determines its output, its <em>parts</em>:
 * the stage name, the code version ({@link CodeVersion}: the git commit the jar was built from, or
 * a hash of primer's classes), the seed, the stage's options, the content of the files it read
 * ({@code uri@sha256}, sorted) and the cache keys of the upstream outputs it consumed. Equal keys
 * mean the stored output can be reused. The parts are recorded in the manifest ({@code
 * cacheKeyParts}) so that a rerun can say which of them changed ({@link RerunReasons}).
 */
final class CacheKey {

  private CacheKey() {}

  /** The key of a manifest whose stage, seed, options, inputs and upstream are filled in. */
  static String of(Manifest manifest) {
    return of(parts(manifest));
  }

  /** The key of recorded parts: SHA-256 of their compact JSON. */
  static String of(ObjectNode parts) {
    return ResourceIO.sha256(parts.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The parts the key hashes, in a fixed order (options and upstream sorted by name). */
  static ObjectNode parts(Manifest manifest) {
    ObjectNode key = JsonNodeFactory.instance.objectNode();
    key.put("stage", manifest.stage);
    key.put("code", CodeVersion.current());
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
    return key;
  }

  private static ObjectNode sorted(ObjectNode node) {
    ObjectNode sorted = JsonNodeFactory.instance.objectNode();
    Map<String, JsonNode> fields = new TreeMap<>();
    node.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
    fields.forEach(sorted::set);
    return sorted;
  }
}

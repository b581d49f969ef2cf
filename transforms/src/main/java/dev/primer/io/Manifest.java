package dev.primer.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.primer.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The record a stage leaves in {@code _MANIFEST.json} once its output is complete: what it read
 * (URIs and SHA-256), its options and seed, what it counted and rejected, the versions of the
 * tools, and when it ran. Later stages read upstream manifests to trace and cache their work.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "stage",
  "runId",
  "status",
  "cacheKey",
  "rerunReasons",
  "startTime",
  "endTime",
  "durationSeconds",
  "seed",
  "inputs",
  "upstream",
  "options",
  "counts",
  "deadLetters",
  "outputs",
  "versions",
  "cacheKeyParts"
})
public final class Manifest {

  private static final ObjectMapper MAPPER = Json.mapper();

  /** One input file the stage read. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static final class Input {
    public String uri;
    public String sha256;
    public Long bytes;

    public Input() {}

    public Input(String uri, String sha256, Long bytes) {
      this.uri = uri;
      this.sha256 = sha256;
      this.bytes = bytes;
    }
  }

  /** An upstream stage whose output this stage consumed. */
  public static final class Upstream {
    public String manifest;
    public String cacheKey;

    public Upstream() {}

    public Upstream(String manifest, String cacheKey) {
      this.manifest = manifest;
      this.cacheKey = cacheKey;
    }
  }

  /** Dead letters the stage wrote. */
  public static final class DeadLetterSummary {
    public long total;
    public Map<String, Long> byReason = new TreeMap<>();
    public String location;
  }

  public String stage;
  public String runId;
  public String status = "complete";
  public String cacheKey;
  public String startTime;
  public String endTime;
  public Double durationSeconds;
  public Long seed;
  public List<Input> inputs = new ArrayList<>();
  public Map<String, Upstream> upstream = new LinkedHashMap<>();
  public ObjectNode options = JsonNodeFactory.instance.objectNode();
  public ObjectNode counts = JsonNodeFactory.instance.objectNode();
  public DeadLetterSummary deadLetters;
  public Map<String, String> outputs = new LinkedHashMap<>();
  public Map<String, String> versions = new LinkedHashMap<>();

  /**
   * What the cache key hashes: {@code stage}, {@code code} (the code version), {@code seed}, {@code
   * options}, {@code inputs} ({@code uri@sha256}) and {@code upstream} (stage to cache key); a
   * rerun compares them with the stored manifest's to say why it reran.
   */
  public ObjectNode cacheKeyParts;

  /** Why the stage ran again although an earlier output was committed (absent on a first run). */
  public List<String> rerunReasons;

  /** The shared mapper manifests and stage JSON files are written with. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Serializes to pretty-printed JSON. */
  public String toJson() {
    try {
      return MAPPER.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize manifest", e);
    }
  }

  /** Parses a manifest. */
  public static Manifest fromJson(String json) throws IOException {
    return MAPPER.readValue(json, Manifest.class);
  }

  /** A JSON view of any value (for options and counts). */
  public static JsonNode toTree(Object value) {
    return MAPPER.valueToTree(value);
  }
}

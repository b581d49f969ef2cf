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
 * The record a stage leaves in {@code <stage>/_MANIFEST.json} once its output is complete: what it
 * read (URIs and SHA-256), its options and seed, what it counted and rejected, the versions of the
 * tools, when it ran, where its output is ({@link #attempt}) and every output file with its size
 * and digest ({@link #files}). Writing it is the stage's commit; later stages, {@code evaluate},
 * {@code report} and users read a stage only through it ({@link CommittedStage}).
 *
 * <p>A manifest written before attempts existed has no {@code attempt} and no {@code files}: its
 * output lies in the stage directory itself.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "stage",
  "runId",
  "status",
  "cacheKey",
  "attempt",
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
  "cacheKeyParts",
  "files"
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

  /**
   * One file of a committed attempt: its path relative to the attempt directory, its size and its
   * digest: {@code sha256} (lower-case hex) for files up to {@link #SHA256_LIMIT} bytes, {@code
   * crc32c} (8 lower-case hex digits, the CRC-32C that object stores also keep) above it.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"path", "bytes", "sha256", "crc32c"})
  public static final class OutputFile {
    public String path;
    public long bytes;
    public String sha256;
    public String crc32c;

    public OutputFile() {}

    public OutputFile(String path, long bytes, String sha256, String crc32c) {
      this.path = path;
      this.bytes = bytes;
      this.sha256 = sha256;
      this.crc32c = crc32c;
    }
  }

  /** Files larger than this (64 MiB) are listed with a CRC-32C instead of a SHA-256. */
  public static final long SHA256_LIMIT = 64L << 20;

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

  /**
   * Where the committed output is: the attempt directory's name relative to the stage directory
   * ({@code attempt-20261203T201500-1a2b3c4d}), or an absolute directory URI ending in '/' (output
   * that lives elsewhere, e.g. in another run). Null in manifests written before attempts existed:
   * the output is the stage directory itself.
   */
  public String attempt;

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

  /** Every file of the committed attempt, sorted by path; null in pre-attempt manifests. */
  public List<OutputFile> files;

  /**
   * What the cache key hashes: {@code stage}, {@code code} (the code version), {@code seed}, {@code
   * options}, {@code inputs} ({@code uri@sha256}) and {@code upstream} (stage to cache key); a
   * rerun compares them with the stored manifest's to say why it reran.
   */
  public ObjectNode cacheKeyParts;

  /** Why the stage ran again although an earlier output was committed (absent on a first run). */
  public List<String> rerunReasons;

  /**
   * Set when this run did not compute the stage but took it from another run ({@code run --reuse},
   * {@link StageReuse}): the source run and how its output got here. Null for a stage this run
   * computed.
   */
  public ReusedFrom reusedFrom;

  /**
   * The lineage of a reused stage: the run it was committed in, that run's manifest and cache key
   * (equal to this manifest's), the output directory it had there, and the mode: {@code reference}
   * (same run root: this manifest's {@link #attempt} is the source's absolute output directory) or
   * {@code copy} (another root: every listed file was copied into an attempt of this run and
   * checked against its size and digest).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"mode", "runRoot", "runId", "manifest", "cacheKey", "output", "time"})
  public static final class ReusedFrom {
    public String mode;
    public String runRoot;
    public String runId;
    public String manifest;
    public String cacheKey;
    public String output;
    public String time;
  }

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

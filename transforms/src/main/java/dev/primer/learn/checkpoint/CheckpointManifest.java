package dev.primer.learn.checkpoint;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.primer.Json;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The content of {@code checkpoint.json}, written last so that its presence marks a complete
 * checkpoint.
 *
 * <pre>{@code
 * {
 *   "format": "primer-checkpoint", "format_version": 1,
 *   "kind": "base" | "full" | "peft",
 *   "created": "2025-01-01T00:00:00Z",
 *   "files": {"model.safetensors": {"sha256": "...", "bytes": 123}, "config.json": {...}},
 *   "tensors": 201,
 *   "parameters": {"total": ..., "embeddings": ..., "encoder": ..., "peft": ...,
 *                  "mlm_head": ..., "classifier": ..., "other": ...},
 *   "base": {"sha256": "...", "location": "..."},      (optional: the base a PEFT applies to)
 *   "provenance": {...}                                 (free-form, filled by the caller)
 * }
 * }</pre>
 *
 * <p>Bound to the file by the shared mapper ({@link Json}) through {@code Stored}; unknown fields
 * are ignored on reading.
 *
 * @param kind what the checkpoint holds
 * @param created when it was written
 * @param files name to digest of every other file of the checkpoint
 * @param tensors number of tensors in the weights file
 * @param parameters element counts, see {@link ParameterCounts}
 * @param base the base model a PEFT checkpoint applies to, or {@code null}
 * @param provenance free-form JSON object (data, seed, versions, ...), never {@code null}
 */
public record CheckpointManifest(
    CheckpointKind kind,
    Instant created,
    Map<String, FileDigest> files,
    int tensors,
    Map<String, Long> parameters,
    BaseReference base,
    JsonNode provenance) {

  /** The file name. */
  public static final String FILE = "checkpoint.json";

  /** The value of the {@code format} field. */
  public static final String FORMAT = "primer-checkpoint";

  /** The version written; readers refuse newer ones. */
  public static final int VERSION = 1;

  private static final ObjectMapper JSON = Json.mapper();

  /** {@code checkpoint.json} as written, field for field. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonPropertyOrder({
    "format",
    "format_version",
    "kind",
    "created",
    "files",
    "tensors",
    "parameters",
    "base",
    "provenance"
  })
  private record Stored(
      String format,
      @JsonProperty("format_version") Integer formatVersion,
      String kind,
      String created,
      Map<String, FileDigest> files,
      int tensors,
      Map<String, Long> parameters,
      BaseReference base,
      JsonNode provenance) {}

  /**
   * SHA-256 and size of one file.
   *
   * @param sha256 lower-case hex digest
   * @param bytes size in bytes
   */
  @JsonPropertyOrder({"sha256", "bytes"})
  public record FileDigest(String sha256, long bytes) {}

  /**
   * The base model a PEFT checkpoint was trained on.
   *
   * @param sha256 digest of the base's weights file
   * @param location where the base was loaded from (informational)
   */
  @JsonPropertyOrder({"sha256", "location"})
  public record BaseReference(String sha256, String location) {

    /** A reference to the base checkpoint described by {@code base}, found at {@code location}. */
    public static BaseReference of(CheckpointManifest base, String location) {
      FileDigest weights = base.files().get(base.kind().weightsFile());
      if (weights == null || base.kind() == CheckpointKind.PEFT) {
        throw new IllegalArgumentException(location + " is not a base or full checkpoint");
      }
      return new BaseReference(weights.sha256(), location);
    }
  }

  /**
   * Fails unless this (PEFT) checkpoint was trained on {@code base}: when it records a base, the
   * sha256 of the base's weights file must be the recorded one.
   */
  public void requireBase(CheckpointManifest base, String baseLocation) {
    if (this.base == null) {
      return;
    }
    BaseReference actual = BaseReference.of(base, baseLocation);
    if (!actual.sha256().equals(this.base.sha256())) {
      throw new IllegalArgumentException(
          "The PEFT checkpoint was trained on base "
              + this.base.location()
              + " (sha256 "
              + this.base.sha256()
              + ") but "
              + baseLocation
              + " has sha256 "
              + actual.sha256());
    }
  }

  /** Copies the maps. */
  public CheckpointManifest {
    files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    provenance = provenance == null ? JSON.createObjectNode() : provenance.deepCopy();
  }

  /** Total number of parameters in the weights file. */
  public long totalParameters() {
    return parameters.getOrDefault("total", 0L);
  }

  /** The JSON text. */
  public byte[] toJsonBytes() throws IOException {
    return JSON.writeValueAsBytes(
        new Stored(
            FORMAT,
            VERSION,
            kind.jsonName(),
            created.toString(),
            files,
            tensors,
            parameters,
            base,
            provenance));
  }

  /** Parses {@code checkpoint.json}. */
  public static CheckpointManifest parse(InputStream in, String source) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(in);
    } catch (IOException e) {
      throw new IOException(source + ": malformed JSON: " + e.getMessage(), e);
    }
    if (root == null || !FORMAT.equals(root.path("format").asText())) {
      throw new IOException(source + ": not a primer checkpoint manifest");
    }
    int version = root.path("format_version").asInt(-1);
    if (version < 1 || version > VERSION) {
      throw new IOException(
          source + ": unsupported checkpoint format_version " + version + " (this reads 1)");
    }
    try {
      Stored stored = JSON.treeToValue(root, Stored.class);
      return new CheckpointManifest(
          CheckpointKind.fromJsonName(stored.kind() == null ? "" : stored.kind()),
          Instant.parse(stored.created() == null ? "" : stored.created()),
          stored.files() == null ? Map.of() : stored.files(),
          stored.tensors(),
          stored.parameters() == null ? Map.of() : stored.parameters(),
          stored.base(),
          stored.provenance());
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new IOException(source + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IOException(source + ": malformed checkpoint manifest: " + e.getMessage(), e);
    }
  }
}

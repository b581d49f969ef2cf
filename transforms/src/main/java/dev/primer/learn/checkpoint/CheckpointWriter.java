package dev.primer.learn.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.primer.Json;
import dev.primer.Sha256;
import dev.primer.learn.weights.SafetensorsWriter;
import dev.primer.learn.weights.StateDict;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Writes a checkpoint: the weights as safetensors ({@code model.safetensors} or {@code
 * peft.safetensors}), {@code config.json}, then {@code checkpoint.json} with the SHA-256 of both
 * (written last: a directory without it is an incomplete checkpoint; an existing one is deleted
 * before anything else is written).
 */
public final class CheckpointWriter {

  private static final ObjectMapper JSON = Json.mapper();

  private final Clock clock;

  /** A writer stamping checkpoints with {@code clock}'s time. */
  public CheckpointWriter(Clock clock) {
    this.clock = clock;
  }

  /** A writer using the system clock (UTC). */
  public CheckpointWriter() {
    this(Clock.systemUTC());
  }

  /**
   * Writes a checkpoint of {@code kind} holding all of {@code tensors}.
   *
   * @param provenance free-form facts (data, seed, versions, ...), converted to JSON by Jackson;
   *     may be empty
   * @param base for PEFT checkpoints, the base they apply to; may be {@code null}
   */
  public CheckpointManifest write(
      CheckpointStore store,
      CheckpointKind kind,
      StateDict tensors,
      CheckpointConfig config,
      Map<String, ?> provenance,
      CheckpointManifest.BaseReference base)
      throws IOException {
    if (tensors.size() == 0) {
      throw new IllegalArgumentException("Refusing to write a checkpoint without tensors");
    }
    // Remove an old manifest first: until the new one is written the directory is incomplete.
    store.delete(CheckpointManifest.FILE);
    Map<String, CheckpointManifest.FileDigest> files = new LinkedHashMap<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", "pt");
    metadata.put("primer.kind", kind.jsonName());
    try (OutputStream raw = store.create(kind.weightsFile());
        DigestingStream out = new DigestingStream(raw)) {
      SafetensorsWriter.write(tensors, metadata, out);
      out.flush();
      files.put(kind.weightsFile(), out.digest());
    }
    try (OutputStream raw = store.create(CheckpointReader.CONFIG_FILE);
        DigestingStream out = new DigestingStream(raw)) {
      out.write(config.toJsonBytes());
      out.flush();
      files.put(CheckpointReader.CONFIG_FILE, out.digest());
    }
    JsonNode provenanceJson =
        JSON.valueToTree(provenance == null ? Map.of() : new LinkedHashMap<>(provenance));
    CheckpointManifest manifest =
        new CheckpointManifest(
            kind,
            Instant.now(clock),
            files,
            tensors.size(),
            ParameterCounts.of(tensors),
            base,
            provenanceJson);
    try (OutputStream out = store.create(CheckpointManifest.FILE)) {
      out.write(manifest.toJsonBytes());
    }
    return manifest;
  }

  /**
   * Writes a PEFT checkpoint holding the tensors of {@code model} whose names pass {@code select}
   * (e.g. {@link dev.primer.learn.weights.PeftNames#PEFT_AND_CLASSIFIER}).
   */
  public CheckpointManifest writePeft(
      CheckpointStore store,
      StateDict model,
      Predicate<String> select,
      CheckpointConfig config,
      Map<String, ?> provenance,
      CheckpointManifest.BaseReference base)
      throws IOException {
    StateDict peft = model.filter(select);
    if (peft.size() == 0) {
      throw new IllegalArgumentException(
          "No PEFT tensor selected: none of the " + model.size() + " tensor names matched");
    }
    return write(store, CheckpointKind.PEFT, peft, config, provenance, base);
  }

  /** An output stream that computes the SHA-256 and size of what passes through. */
  static final class DigestingStream extends DigestOutputStream {
    private long bytes;

    DigestingStream(OutputStream out) {
      super(out, Sha256.digest());
    }

    @Override
    public void write(int b) throws IOException {
      super.write(b);
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      super.write(b, off, len);
      bytes += len;
    }

    CheckpointManifest.FileDigest digest() {
      return new CheckpointManifest.FileDigest(Sha256.hex(getMessageDigest()), bytes);
    }
  }
}

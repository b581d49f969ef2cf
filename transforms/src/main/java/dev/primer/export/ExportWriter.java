package dev.primer.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.primer.Json;
import dev.primer.io.ResourceIO;
import dev.primer.learn.weights.SafetensorsWriter;
import dev.primer.learn.weights.StateDict;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.fs.ResourceId;

/** Writes files below one directory, recording their sha256. */
final class ExportWriter {

  private static final ObjectMapper JSON = Json.mapper();

  final ResourceId dir;
  final Map<String, String> files = new LinkedHashMap<>();
  final List<String> notes = new ArrayList<>();

  ExportWriter(ResourceId dir) {
    this.dir = dir;
  }

  void note(String note) {
    notes.add(note);
  }

  /** Writes {@code value} as pretty-printed JSON through the shared mapper. */
  void json(String path, Object node) throws IOException {
    bytes(path, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
  }

  void bytes(String path, byte[] bytes) throws IOException {
    ResourceIO.writeAtomically(ResourceIO.child(dir, path), bytes);
    files.put(path, ResourceIO.sha256(bytes));
  }

  void safetensors(String path, StateDict tensors) throws IOException {
    MessageDigest digest = ResourceIO.sha256Digest();
    ResourceIO.writeAtomically(
        ResourceIO.child(dir, path),
        (OutputStream out) -> {
          DigestOutputStream d = new DigestOutputStream(out, digest);
          SafetensorsWriter.write(tensors, Map.of("format", "pt"), d);
          d.flush();
        });
    files.put(path, HexFormat.of().formatHex(digest.digest()));
  }
}

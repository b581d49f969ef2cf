package dev.primer.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * Test fixture: runner-independent digests of a run's outputs, to compare two runs of the same
 * work: checkpoint files by path, Avro records as a multiset (file names and sharding differ
 * between runners; wall-clock fields zeroed), and the report's F1 map. Paths drop attempt
 * directories ({@code attempt-...}) and the stage's resumable work area, so only committed outputs
 * are compared.
 */
final class RunDigests {

  private RunDigests() {}

  /** SHA-256 of every {@code *.safetensors} file below {@code dir}, by normalised relative path. */
  static Map<String, String> checkpoints(Path dir) throws IOException {
    Map<String, String> hashes = new TreeMap<>();
    for (Path file : files(dir, ".safetensors")) {
      hashes.put(normalise(dir.relativize(file)), sha256(Files.readAllBytes(file)));
    }
    return hashes;
  }

  /** The number of Avro records below {@code dir} and a digest of their sorted JSON forms. */
  static String avroRecords(Path dir) throws IOException {
    List<String> records = new ArrayList<>();
    for (Path file : files(dir, ".avro")) {
      try (InputStream in = Files.newInputStream(file);
          DataFileStream<GenericRecord> stream =
              new DataFileStream<>(in, new GenericDatumReader<>())) {
        for (GenericRecord record : stream) {
          records.add(withoutClockFields(record).toString());
        }
      }
    }
    records.sort(null);
    return records.size()
        + " records, sha256 "
        + sha256(String.join("\n", records).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The record without what the wall clock decides: a metric's {@code timeMillis}, and the value of
   * a {@code seconds} metric (a task's duration).
   */
  private static GenericRecord withoutClockFields(GenericRecord record) {
    if (record.getSchema().getField("timeMillis") != null) {
      record.put("timeMillis", 0L);
    }
    if (record.getSchema().getField("name") != null
        && "seconds".equals(String.valueOf(record.get("name")))) {
      record.put("value", 0.0);
    }
    return record;
  }

  /** The {@code f1} object of the report's {@code summary.json} below {@code runDir}. */
  static JsonNode f1(Path runDir) throws IOException {
    List<Path> summaries = files(runDir.resolve("report"), "summary.json");
    if (summaries.size() != 1) {
      throw new AssertionError("expected one report summary.json, found " + summaries);
    }
    return new ObjectMapper().readTree(summaries.get(0).toFile()).get("f1");
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(suffix))
          .filter(p -> !normalise(dir.relativize(p)).contains("_work/"))
          .filter(p -> !p.toString().contains("/steps/"))
          .sorted()
          .toList();
    }
  }

  private static String normalise(Path relative) {
    return relative.toString().replaceAll("(^|/)attempt-[^/]+/", "$1");
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.primer.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.primer.io.CommittedStage;
import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The committed output of a stage as a comparable map: every file its manifest lists, by relative
 * path, to a fingerprint that ignores what legitimately differs between two deterministic runs of
 * the same work: wall-clock fields ({@code timeMillis} of metric records and the value of those
 * named {@code seconds}, {@code seconds}, {@code created} and times in JSON files), the named extra
 * fields (e.g. {@code runId} when runs differ), Avro's random sync markers and Beam's run-time
 * choice of the number of shards (Avro files are compared by their records, the shards of one
 * output together). Every other file is compared by the SHA-256 its manifest lists.
 */
final class CommittedFiles {

  /** Fields that hold wall-clock values. */
  static final Set<String> WALL_CLOCK =
      Set.of("timeMillis", "seconds", "created", "startTime", "endTime", "durationSeconds");

  private CommittedFiles() {}

  /** The committed stage of a run directory, or null when the stage has no manifest. */
  static CommittedStage committed(Path run, String stage) {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    try {
      return CommittedStage.read(
              stage, ResourceIO.directory(run.resolve(stage).toAbsolutePath() + "/"))
          .orElse(null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Path to fingerprint for every file the committed manifest of {@code stage} lists.
   *
   * @param ignored field names ignored besides {@link #WALL_CLOCK}
   */
  static Map<String, String> fingerprints(Path run, String stage, Set<String> ignored)
      throws IOException {
    CommittedStage committed = committed(run, stage);
    if (committed == null) {
      throw new AssertionError("stage " + stage + " of " + run + " is not committed");
    }
    Map<String, String> out = new TreeMap<>();
    Map<String, List<String>> shardRecords = new TreeMap<>();
    for (Manifest.OutputFile file : committed.manifest().files) {
      Path local = Path.of(committed.file(file.path).toString());
      Matcher shard = SHARD.matcher(file.path);
      if (shard.matches()) {
        // Beam picks the number of shards at run time: compare the records of all shards.
        shardRecords
            .computeIfAbsent(shard.group(1) + "part-*.avro", k -> new ArrayList<>())
            .addAll(avroRecords(local, ignored));
      } else {
        out.put(file.path, fingerprint(file, local, ignored));
      }
    }
    shardRecords.forEach(
        (glob, records) -> {
          records.sort(null);
          out.put(glob, "avro:" + sha256(String.join("\n", records)));
        });
    return out;
  }

  /** A Beam shard of an Avro output: {@code <dir>/part-00001-of-00004.avro}. */
  private static final Pattern SHARD = Pattern.compile("(.*/|)part-\\d+-of-\\d+\\.avro");

  private static String sha256(String text) {
    return ResourceIO.sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String fingerprint(Manifest.OutputFile listed, Path file, Set<String> ignored)
      throws IOException {
    String name = listed.path;
    if (name.endsWith(".avro")) {
      List<String> records = avroRecords(file, ignored);
      records.sort(null);
      return "avro:" + sha256(String.join("\n", records));
    }
    if (name.endsWith(".json") || name.endsWith(".jsonl")) {
      StringBuilder text = new StringBuilder("json:");
      String content = Files.readString(file, StandardCharsets.UTF_8);
      List<String> docs = name.endsWith(".jsonl") ? content.lines().toList() : List.of(content);
      for (String doc : docs) {
        if (!doc.isBlank()) {
          JsonNode node = Manifest.mapper().readTree(doc);
          strip(node, ignored);
          text.append(node).append('\n');
        }
      }
      return ResourceIO.sha256(text.toString().getBytes(StandardCharsets.UTF_8));
    }
    return listed.sha256 != null ? listed.sha256 : "crc32c:" + listed.crc32c;
  }

  private static List<String> avroRecords(Path file, Set<String> ignored) throws IOException {
    List<String> records = new ArrayList<>();
    try (DataFileReader<GenericRecord> reader =
        new DataFileReader<>(
            new SeekableByteArrayInput(Files.readAllBytes(file)), new GenericDatumReader<>())) {
      for (GenericRecord record : reader) {
        JsonNode node = Manifest.mapper().readTree(record.toString());
        strip(node, ignored);
        if (node instanceof ObjectNode metric
            && WALL_CLOCK.contains(metric.path("name").asText())) {
          // a Metric record of a wall-clock measure (name "seconds"): its value is a time
          metric.remove("value");
        }
        records.add(node.toString());
      }
    }
    return records;
  }

  private static void strip(JsonNode node, Set<String> ignored) {
    if (node instanceof ObjectNode object) {
      for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
        String field = names.next();
        if (WALL_CLOCK.contains(field) || ignored.contains(field)) {
          names.remove();
        }
      }
    }
    for (JsonNode child : node) {
      strip(child, ignored);
    }
  }
}

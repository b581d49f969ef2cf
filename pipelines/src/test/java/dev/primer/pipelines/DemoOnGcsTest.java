package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.primer.Json;
import dev.primer.io.CommittedStage;
import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import dev.primer.testing.LoopbackGcsServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole demo ({@link DemoPipeline}, DirectRunner, deterministic) with its run root on {@code
 * gs://} served by {@link LoopbackGcsServer}: the demo copies its corpus and predict input into the
 * run root, so corpora, tokenizer, checkpoints and predict input are all read back from Cloud
 * Storage. Compared with the same demo on a local run root: every checkpoint's weights ({@code
 * *.safetensors}) and the tokenizer have the same sha256, every metric and checkpoint description
 * ({@code *.json}, the report) is the same once the run's location, times and speeds are left out,
 * and {@code primer verify} passes on gs://. Sharded record files (Avro, JSON lines) are not
 * compared byte for byte: the DirectRunner chooses their sharding anew on every run, local or not.
 */
class DemoOnGcsTest {

  @TempDir static Path temp;

  private static DemoPipeline local;
  private static double localSeconds;

  @BeforeAll
  static void localDemo() throws Exception {
    long t0 = System.nanoTime();
    local = DemoPipeline.run(temp, "demo");
    local.assertComplete();
    localSeconds = (System.nanoTime() - t0) / 1e9;
  }

  @Test
  void demoOnGcsGivesTheSameCheckpointsAndMetricsAsOnALocalRunRoot() throws Exception {
    demoOnGcs(LoopbackGcsServer.Faults.NONE);
  }

  /**
   * 20% of requests (batch parts included) answered 503, 429, dropped or delayed: Beam's retries
   * carry the demo through to the same outputs. (The faults bite: a client without retries fails on
   * them, see {@code GcsLeaseStoreTest} and {@code LoopbackGcsServerTest}; Beam 2.70 has no option
   * that turns its own GCS retries off.)
   */
  @Test
  void demoOnGcsWithTwentyPercentFaultsGivesTheSameOutputs() throws Exception {
    LoopbackGcsServer gcs = demoOnGcs(LoopbackGcsServer.Faults.of(0.2, 12));
    assertTrue(
        gcs.faultCount() >= 0.1 * gcs.requestCount(),
        gcs.faultCount() + " of " + gcs.requestCount() + " requests faulted");
  }

  /** Runs the demo on a fresh server with {@code faults} and compares it with the local run. */
  private static LoopbackGcsServer demoOnGcs(LoopbackGcsServer.Faults faults) throws Exception {
    try (LoopbackGcsServer gcs = LoopbackGcsServer.start().createBucket("bkt")) {
      gcs.faults(faults);
      long t1 = System.nanoTime();
      DemoPipeline remote =
          DemoPipeline.run("gs://bkt/runs", "demo", gcs.beamArgs().toArray(String[]::new));
      System.out.printf(
          "demo local %.1f s, gs:// (faults %.0f%%) %.1f s, %d requests, %d faulted%n",
          localSeconds,
          100 * faults.share(),
          (System.nanoTime() - t1) / 1e9,
          gcs.requestCount(),
          gcs.faultCount());
      assertEquals(0, remote.status, remote.err);
      assertTrue(remote.out.contains("report: gs://bkt/runs/demo/report/"), remote.out);
      gcs.faults(LoopbackGcsServer.Faults.NONE);
      assertSameOutputs(local.run.toAbsolutePath() + "/", "gs://bkt/runs/demo/", gcs);

      PrimerCall verify = new PrimerCall();
      List<String> args =
          new ArrayList<>(List.of("verify", "--runRoot=gs://bkt/runs", "--runId=demo"));
      args.addAll(gcs.beamArgs());
      assertEquals(0, verify.run(args), verify.out() + verify.err());
      return gcs;
    }
  }

  /**
   * Checks that two runs of the demo committed the same checkpoints and metrics: every {@code
   * .safetensors} and {@code tokenizer.json} byte for byte (sha256), and every other {@code .json}
   * and {@code .html} file (metrics, checkpoint descriptions, the report) equal once each run's
   * directory, attempt names, times and speeds are left out ({@link #comparable}).
   */
  static void assertSameOutputs(String runA, String runB, LoopbackGcsServer gcs) throws Exception {
    FileSystems.setDefaultPipelineOptions(
        PipelineOptionsFactory.fromArgs(gcs.beamArgs().toArray(String[]::new)).create());
    Map<String, String> differences = new TreeMap<>();
    int weights = 0;
    int documents = 0;
    for (String stage : DemoPipeline.STAGE_DIRS) {
      CommittedStage a = committed(runA, stage);
      CommittedStage b = committed(runB, stage);
      for (Manifest.OutputFile file : a.manifest().files) {
        String path = file.path;
        String key = stage + "/" + path;
        Manifest.OutputFile other =
            b.manifest().files.stream().filter(f -> f.path.equals(path)).findFirst().orElse(null);
        if (path.endsWith(".safetensors") || path.endsWith("tokenizer.json")) {
          weights++;
          if (other == null || !file.sha256.equals(other.sha256)) {
            differences.put(key, file.sha256 + " vs " + (other == null ? null : other.sha256));
          }
        } else if (path.endsWith(".json") || path.endsWith(".html")) {
          documents++;
          String textA = comparable(ResourceIO.readString(a.file(path)), path, runA);
          String textB =
              other == null ? null : comparable(ResourceIO.readString(b.file(path)), path, runB);
          if (!textA.equals(textB)) {
            differences.put(key, textA + "\n  vs\n" + textB);
          }
        }
      }
    }
    assertEquals(Map.of(), differences);
    assertTrue(weights >= 10, weights + " weight files compared");
    assertTrue(documents >= 20, documents + " metric and checkpoint files compared");
  }

  private static CommittedStage committed(String run, String stage) throws Exception {
    return CommittedStage.read(stage, ResourceIO.directory(run + stage + "/")).orElseThrow();
  }

  /**
   * What must be equal between two runs of the demo: the text with the run's directory and attempt
   * names blanked out, and for JSON, without the fields that record when or how fast something ran
   * ({@link #VOLATILE}).
   */
  private static String comparable(String text, String path, String run) throws IOException {
    String withoutSlash = run.substring(0, run.length() - 1);
    String blanked =
        text.replace(withoutSlash, "RUN")
            .replaceAll("attempt-\\d{8}T\\d{6}-[0-9a-f]{8}", "attempt-X");
    if (!path.endsWith(".json")) {
      return blanked;
    }
    JsonNode tree = Json.mapper().readTree(blanked);
    withoutVolatileFields(tree);
    return tree.toString();
  }

  /**
   * Field names of times and speeds, which differ between any two runs; of the digest of a base's
   * {@code checkpoint.json} (which records when it was written; its weights' digest stays); and of
   * prime's input fingerprint (a hash over its inputs' locations).
   */
  private static final Pattern VOLATILE =
      Pattern.compile(
          "(?i).*(created|time|seconds|duration|elapsed|per_?second|timestamp|checkpointJsonSha256"
              + "|fingerprint).*");

  private static void withoutVolatileFields(JsonNode node) {
    if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        if (VOLATILE.matcher(name).matches()) {
          object.remove(name);
        } else {
          withoutVolatileFields(object.get(name));
        }
      }
    } else if (node != null && node.isArray()) {
      node.forEach(DemoOnGcsTest::withoutVolatileFields);
    }
  }
}

package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import dev.primer.testing.S3FrontProxy;
import dev.primer.testing.S3ProxyServer;
import dev.primer.testing.S3TestStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run roots on {@code s3://}, against a real S3 server on 127.0.0.1 (s3proxy, which checks request
 * signatures against a fake secret), through {@link S3FrontProxy} (S3's conditional writes, which
 * s3proxy lacks). Launchers run as child JVMs with the credentials in their environment only, as a
 * user would run them; afterwards no object of the store and no byte of the launchers' output holds
 * the secret.
 */
class S3RunRootTest {

  private static final String ACCESS = "primer-fake-access-key";
  private static final String SECRET = "FAKE-SECRET-" + UUID.randomUUID();
  private static final String BUCKET = "primer";

  @TempDir static Path temp;
  private static S3TestStore store;
  private static S3ProxyServer server;
  private static S3FrontProxy front;

  @BeforeAll
  static void start() throws IOException {
    assumeTrue(S3ProxyServer.available(), "s3proxy jar not found (-Dprimer.s3proxy.jar)");
    store =
        S3TestStore.start(temp.resolve("s3"), ACCESS, SECRET, BUCKET, S3FrontProxy.Faults.none());
    server = store.server();
    front = store.front();
  }

  @AfterAll
  static void stop() throws IOException {
    if (store != null) {
      store.close();
    }
  }

  private static Map<String, String> credentials() {
    return Map.of("AWS_ACCESS_KEY_ID", ACCESS, "AWS_SECRET_ACCESS_KEY", SECRET);
  }

  /** Points this JVM's FileSystems at the store (the test's own uploads and checks). */
  private static void useStore() {
    FileSystems.setDefaultPipelineOptions(store.options(true));
  }

  /** The store's objects below {@code s3://primer/<prefix>} as local files (s3proxy's backend). */
  private static Path objects(String prefix) {
    return server.dataDirectory().resolve(BUCKET).resolve(prefix);
  }

  private static List<String> s3Args(List<String> args) {
    List<String> all = new ArrayList<>(args);
    all.addAll(front.beamOptions());
    return all;
  }

  @Test
  void twoLaunchersOnOneS3RunExactlyOneProceeds() throws Exception {
    useStore();
    var corpus = DemoCorpus.copyTo(ResourceIO.directory("s3://" + BUCKET + "/corpus/"));
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--stages=stage,vocab",
                "--runRoot=s3://" + BUCKET + "/runs",
                "--runId=race",
                "--vocabMode=learn",
                "--vocabSize=1000"));
    for (String spec : DemoCorpus.corpusSpecs(corpus)) {
      args.add("--corpus=" + spec);
    }
    Process a = LauncherJvm.launch(temp, "race-a", s3Args(args), credentials());
    Process b = LauncherJvm.launch(temp, "race-b", s3Args(args), credentials());
    assertTrue(a.waitFor(6, TimeUnit.MINUTES) && b.waitFor(6, TimeUnit.MINUTES), "launchers end");
    List<Integer> codes = List.of(a.exitValue(), b.exitValue());
    String errs = LauncherJvm.read(temp, "race-a.err") + LauncherJvm.read(temp, "race-b.err");
    assertTrue(codes.contains(0) && codes.contains(2), codes + "\n" + errs);
    Process winner = a.exitValue() == 0 ? a : b;
    String loser = a.exitValue() == 0 ? "race-b" : "race-a";
    String refusal = LauncherJvm.read(temp, loser + ".err");
    assertEquals(1, refusal.strip().lines().count(), refusal);
    assertTrue(refusal.contains("s3://" + BUCKET + "/runs/race/_LEASE.json"), refusal);
    assertTrue(refusal.contains("pid " + winner.pid() + " since "), refusal);
    assertEquals("", LauncherJvm.read(temp, loser + ".out"), "the loser ran no stage");
    assertFalse(Files.exists(objects("runs/race/_LEASE.json")), "the winner released its lease");
    assertTrue(Files.exists(objects("runs/race/vocab/_MANIFEST.json")));
    assertTrue(front.preconditionFailures() > 0, "the race was decided by a 412");
    assertNoSecretIn(temp);
  }

  @Test
  void s3proxyWithoutConditionalWritesIsRefusedWithOneMessage() throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--stages=stage",
                "--runRoot=s3://" + BUCKET + "/direct",
                "--runId=r",
                "--corpus=panx:s3://" + BUCKET + "/nothing/*.tsv"));
    args.addAll(server.beamOptions()); // s3proxy itself, no front proxy
    Process p = LauncherJvm.launch(temp, "direct", args, credentials());
    assertTrue(p.waitFor(3, TimeUnit.MINUTES));
    String err = LauncherJvm.read(temp, "direct.err");
    assertEquals(2, p.exitValue(), err);
    assertEquals(1, err.strip().lines().count(), err);
    assertTrue(err.contains("ignores conditional writes"), err);
    assertTrue(err.contains("s3://" + BUCKET + "/direct/r/_LEASE.json"), err);
    assertFalse(Files.exists(objects("direct/r/stage")), "nothing ran");
  }

  @Test
  void demoOnS3GivesTheLocalDemosMetricsAndCheckpoints() throws Exception {
    long t0 = System.nanoTime();
    DemoPipeline local = DemoPipeline.run(temp.resolve("local"), "demo");
    local.assertComplete();
    long t1 = System.nanoTime();
    Process s3 =
        LauncherJvm.launch(
            temp,
            "s3demo",
            s3Args(DemoPipeline.args("s3://" + BUCKET + "/runs", "demo")),
            credentials());
    assertTrue(s3.waitFor(30, TimeUnit.MINUTES), "the s3 demo ends");
    long t2 = System.nanoTime();
    String out = LauncherJvm.read(temp, "s3demo.out");
    assertEquals(0, s3.exitValue(), LauncherJvm.read(temp, "s3demo.err"));
    assertTrue(out.contains("report: s3://" + BUCKET + "/runs/demo/report/"), out);
    System.out.printf(
        "demo wall time: local %.1f s (in-process), s3 %.1f s (child JVM, s3proxy via front"
            + " proxy)%n",
        (t1 - t0) / 1e9, (t2 - t1) / 1e9);

    Path localRun = temp.resolve("local/runs/demo");
    Path s3Run = objects("runs/demo");
    int checkpointFiles = 0;
    int metricRecords = 0;
    for (String stage : DemoPipeline.STAGE_DIRS) {
      Manifest l = manifest(localRun.resolve(stage));
      Manifest r = manifest(s3Run.resolve(stage));
      assertEquals(
          Manifest.mapper().readTree(located(l.counts.toString(), localRun)),
          Manifest.mapper().readTree(located(r.counts.toString(), s3Run)),
          stage + " counts");
      assertTrue(r.inputs.stream().allMatch(i -> i.uri.startsWith("s3://")), stage + " inputs");
      Map<String, String> ls = checkpointDigests(l);
      assertEquals(ls, checkpointDigests(r), stage + " checkpoint sha256");
      checkpointFiles += ls.size();
      List<String> lm = stageMetrics(localRun.resolve(stage), l);
      assertEquals(lm, stageMetrics(s3Run.resolve(stage), r), stage + " metrics");
      metricRecords += lm.size();
    }
    // pretrain's checkpoint and prime's primed and multitask ones: weights and config each
    assertEquals(6, checkpointFiles, "checkpoint files compared");
    assertTrue(metricRecords > 0, "metric records compared: " + metricRecords);
    System.out.printf(
        "compared %d checkpoint files and %d metric records%n", checkpointFiles, metricRecords);
    JsonNode ls = summary(localRun);
    JsonNode rs = summary(s3Run);
    for (String field : List.of("f1", "gains")) {
      assertEquals(ls.get(field), rs.get(field), "summary " + field);
    }
    assertNoSecretIn(temp);
  }

  /**
   * Counts with what depends on location made neutral (the run directory, attempt ids, prime's
   * settings fingerprint, which hashes upstream cache keys and so input URIs; the sha256 of a
   * checkpoint.json, which records its creation time): all else must be equal.
   */
  private static String located(String counts, Path run) {
    String root = run.equals(objects("runs/demo")) ? "s3://" + BUCKET + "/runs/demo/" : run + "/";
    return counts
        .replace(root, "RUN/")
        .replaceAll("attempt-[0-9T]+-[0-9a-f]+", "ATTEMPT")
        // prime's settings fingerprint hashes the upstream cache keys, which cover the input URIs
        .replaceAll("\"fingerprint\":\"[0-9a-f]{64}\"", "\"fingerprint\":\"LOCATION-DEPENDENT\"")
        // finetune records the sha256 of each base checkpoint.json, which holds its creation time
        .replaceAll(
            "\"checkpointJsonSha256\":\"[0-9a-f]{64}\"", "\"checkpointJsonSha256\":\"TIMED\"");
  }

  private static Manifest manifest(Path stageDirectory) throws IOException {
    return Manifest.fromJson(
        Files.readString(stageDirectory.resolve("_MANIFEST.json"), StandardCharsets.UTF_8));
  }

  /** Path to sha256 of every checkpoint file but checkpoint.json (which records its time). */
  private static Map<String, String> checkpointDigests(Manifest m) {
    Map<String, String> out = new TreeMap<>();
    for (Manifest.OutputFile f : m.files) {
      if (f.path.contains("checkpoint") && !f.path.endsWith("checkpoint.json")) {
        out.put(f.path, f.sha256);
      }
    }
    return out;
  }

  /** Every metric record of a stage's Avro metric files (however sharded), sorted. */
  private static List<String> stageMetrics(Path stageDirectory, Manifest m) throws IOException {
    List<String> out = new ArrayList<>();
    for (Manifest.OutputFile f : m.files) {
      if (f.path.endsWith(".avro") && f.path.contains("metrics")) {
        out.addAll(metrics(stageDirectory.resolve(m.attempt).resolve(f.path)));
      }
    }
    out.sort(null);
    return out;
  }

  /** The metric records of an Avro file, without run id and wall-clock fields, sorted. */
  private static List<String> metrics(Path avro) throws IOException {
    List<String> out = new ArrayList<>();
    try (DataFileReader<GenericRecord> reader =
        new DataFileReader<>(avro.toFile(), new GenericDatumReader<>())) {
      for (GenericRecord r : reader) {
        String name = String.valueOf(r.get("name"));
        if (name.contains("per_s") || name.contains("seconds") || name.contains("time")) {
          continue; // throughput and durations are wall-clock measurements
        }
        List<String> fields = new ArrayList<>();
        for (String field :
            List.of("stage", "task", "setting", "method", "lang", "seed", "split", "step")) {
          fields.add(String.valueOf(r.get(field)));
        }
        fields.add(name);
        fields.add(String.valueOf(r.get("value")));
        out.add(String.join("|", fields));
      }
    }
    out.sort(null);
    return out;
  }

  private static JsonNode summary(Path run) throws IOException {
    Manifest m = manifest(run.resolve("report"));
    return Manifest.mapper()
        .readTree(run.resolve("report").resolve(m.attempt).resolve("summary.json").toFile());
  }

  /** No file below {@code dir} (store objects, launcher output) holds the secret. */
  private static void assertNoSecretIn(Path dir) throws IOException {
    byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
    int scanned = 0;
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        String name = p.getFileName().toString();
        if (name.equals("s3proxy.properties") || name.equals("s3proxy.log")) {
          // the control: the server's own configuration holds the secret, and the scan sees it
          if (name.equals("s3proxy.properties")) {
            assertTrue(
                Files.readString(p, StandardCharsets.ISO_8859_1).contains(SECRET), "control");
          }
          continue;
        }
        byte[] bytes = Files.readAllBytes(p);
        assertFalse(
            new String(bytes, StandardCharsets.ISO_8859_1)
                .contains(new String(secret, StandardCharsets.ISO_8859_1)),
            "the secret leaked into " + p);
        scanned++;
      }
    }
    assertTrue(scanned > 5, "files scanned: " + scanned);
  }
}

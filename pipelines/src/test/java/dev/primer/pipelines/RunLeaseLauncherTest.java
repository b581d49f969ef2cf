package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import dev.primer.lease.LeaseRecord;
import dev.primer.lease.RunLease;
import dev.primer.testing.LoopbackGcsServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run lease through the real launcher: two launchers (child JVMs running {@link Primer#main})
 * started together on one run, a lease left by a SIGKILLed launcher, {@code --breakLease}, and the
 * lease released after success and failure.
 */
class RunLeaseLauncherTest {

  @TempDir Path temp;

  private Path runs;

  /** The {@code --runRoot} of {@link #stages}: {@link #runs} unless a test sets another. */
  private String root;

  private final List<String> corpusArgs = new ArrayList<>();

  @BeforeEach
  void corpus() throws IOException {
    runs = temp.resolve("runs");
    root = runs.toString();
    var corpus = DemoCorpus.copyTo(ResourceIO.directory(temp.resolve("corpus") + "/"));
    for (String spec : DemoCorpus.corpusSpecs(corpus)) {
      corpusArgs.add("--corpus=" + spec);
    }
  }

  private List<String> stageVocab(String runId, String... extra) {
    return stages("stage,vocab", runId, extra);
  }

  private List<String> stageOnly(String runId, String... extra) {
    return stages("stage", runId, extra);
  }

  private List<String> stages(String stages, String runId, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of("run", "--stages=" + stages, "--runRoot=" + root, "--runId=" + runId));
    if (stages.contains("vocab")) {
      args.addAll(List.of("--vocabMode=learn", "--vocabSize=1000"));
    }
    args.addAll(corpusArgs);
    args.addAll(List.of(extra));
    return args;
  }

  /** A child JVM running the launcher's main with {@code args}; output to files in temp. */
  private Process launch(String name, List<String> args) throws IOException {
    return LauncherJvm.launch(temp, name, args, Map.of());
  }

  private String read(String name) throws IOException {
    return LauncherJvm.read(temp, name);
  }

  private Path lease(String runId) {
    return runs.resolve(runId).resolve(RunLease.FILE_NAME);
  }

  private static boolean written(Path file) throws IOException {
    return Files.exists(file) && Files.size(file) > 0;
  }

  /** Every file below a directory with its size and modification time. */
  private static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    if (Files.exists(dir)) {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.toList()) {
          files.put(
              dir.relativize(p).toString(),
              Files.isDirectory(p) ? "dir" : Files.size(p) + "@" + Files.getLastModifiedTime(p));
        }
      }
    }
    return files;
  }

  /**
   * Starts two launchers together with the same {@code args} and checks that exactly one proceeded:
   * the other exits 2 with a one-line refusal naming the winner's pid and {@code --breakLease},
   * having run no stage.
   */
  private void raceTwoLaunchers(List<String> args) throws Exception {
    Process a = launch("a", args);
    Process b = launch("b", args);
    assertTrue(a.waitFor(5, TimeUnit.MINUTES) && b.waitFor(5, TimeUnit.MINUTES), "launchers end");
    List<Integer> codes = List.of(a.exitValue(), b.exitValue());
    assertTrue(
        codes.contains(0) && codes.contains(2), codes + "\n" + read("a.err") + read("b.err"));
    Process winner = a.exitValue() == 0 ? a : b;
    String loser = a.exitValue() == 0 ? "b" : "a";
    String refusal = read(loser + ".err");
    assertEquals(1, refusal.strip().lines().count(), refusal);
    assertTrue(refusal.contains("lease"), refusal);
    assertTrue(refusal.contains("pid " + winner.pid() + " since "), refusal);
    assertTrue(refusal.contains("--breakLease"), refusal);
    assertEquals("", read(loser + ".out"), "the loser ran no stage");
  }

  @Test
  void twoLaunchersStartedTogetherExactlyOneProceeds() throws Exception {
    raceTwoLaunchers(stageVocab("race"));
    assertFalse(Files.exists(lease("race")), "the winner released its lease");

    PrimerCall single = new PrimerCall();
    assertEquals(0, single.run(stageVocab("single")), single.err());
    assertArrayEquals(
        Files.readAllBytes(RunFiles.committed(runs.resolve("single"), "vocab/tokenizer.json")),
        Files.readAllBytes(RunFiles.committed(runs.resolve("race"), "vocab/tokenizer.json")));
    Manifest raced = Manifest.fromJson(Files.readString(runs.resolve("race/stage/_MANIFEST.json")));
    Manifest alone =
        Manifest.fromJson(Files.readString(runs.resolve("single/stage/_MANIFEST.json")));
    assertEquals(alone.cacheKey, raced.cacheKey);
    assertEquals(alone.counts, raced.counts);
    assertEquals(alone.outputs, raced.outputs);
  }

  /**
   * The same race on a {@code gs://} run root served by {@link LoopbackGcsServer}: the lease is a
   * precondition write ({@code ifGenerationMatch=0}), so Cloud Storage itself lets exactly one
   * launcher in; the winner's stage commits on gs:// the same outputs as a local run.
   */
  @Test
  void twoLaunchersOnOneGcsRunExactlyOneProceeds() throws Exception {
    try (LoopbackGcsServer gcs = LoopbackGcsServer.start().createBucket("bkt")) {
      root = "gs://bkt/runs";
      raceTwoLaunchers(stageOnly("race", gcs.beamArgs().toArray(String[]::new)));
      String leaseObject = "runs/race/" + RunLease.FILE_NAME;
      assertFalse(gcs.get("bkt", leaseObject).isPresent(), "the winner released its lease");
      List<String> leaseWrites =
          gcs.requestLog().stream()
              .filter(r -> r.startsWith("POST /upload/") && r.contains("ifGenerationMatch="))
              .toList();
      assertTrue(
          leaseWrites.stream()
              .anyMatch(r -> r.contains("ifGenerationMatch=0") && r.endsWith(" 200")),
          "the lease was created with ifGenerationMatch=0: " + leaseWrites);

      root = runs.toString();
      PrimerCall single = new PrimerCall();
      assertEquals(0, single.run(stageOnly("single")), single.err());
      Manifest raced =
          Manifest.fromJson(
              new String(
                  gcs.get("bkt", "runs/race/stage/_MANIFEST.json").orElseThrow(),
                  StandardCharsets.UTF_8));
      Manifest alone =
          Manifest.fromJson(Files.readString(runs.resolve("single/stage/_MANIFEST.json")));
      assertEquals(alone.cacheKey, raced.cacheKey);
      assertEquals(alone.counts, raced.counts);
      assertEquals(alone.outputs, raced.outputs, "the same files (sha256) on gs:// as locally");

      PrimerCall verify = new PrimerCall();
      List<String> verifyArgs =
          new ArrayList<>(List.of("verify", "--runRoot=gs://bkt/runs", "--runId=race"));
      verifyArgs.addAll(gcs.beamArgs());
      assertEquals(0, verify.run(verifyArgs), verify.out() + verify.err());
    }
  }

  @Test
  void leaseOfAKilledLauncherBlocksUntilItTimesOut() throws Exception {
    Process doomed = launch("doomed", stageVocab("killed"));
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (!written(lease("killed")) && System.nanoTime() < deadline && doomed.isAlive()) {
      Thread.sleep(20);
    }
    assertTrue(Files.exists(lease("killed")), read("doomed.err"));
    doomed.destroyForcibly(); // SIGKILL: no release
    doomed.waitFor(1, TimeUnit.MINUTES);
    assertTrue(Files.exists(lease("killed")), "a killed launcher leaves its lease");
    LeaseRecord dead = LeaseRecord.parse(Files.readAllBytes(lease("killed")));
    assertEquals(doomed.pid(), dead.pid());

    Map<String, String> before = snapshot(runs);
    PrimerCall call = new PrimerCall();
    assertEquals(2, call.run(stageOnly("killed", "--leaseTimeoutSeconds=600")), call.err());
    assertTrue(call.err().contains("lease"), call.err());
    assertTrue(call.err().contains("pid " + doomed.pid()), call.err());
    assertEquals(before, snapshot(runs), "the refused launcher wrote nothing");

    Thread.sleep(2500); // the dead lease's heartbeat is now older than 2 s
    assertEquals(0, call.run(stageOnly("killed", "--leaseTimeoutSeconds=2")), call.err());
    assertTrue(call.out().startsWith("stage: "), call.out());
    assertFalse(Files.exists(lease("killed")));
  }

  @Test
  void breakLeaseTakesALeaseWithAFreshHeartbeat() throws Exception {
    Files.createDirectories(lease("busy").getParent());
    String now = Instant.now().toString();
    Files.write(
        lease("busy"),
        new LeaseRecord("carol@elsewhere", "elsewhere", 99, now, now, "id-c", "run", 30).toBytes());
    PrimerCall call = new PrimerCall();
    List<String> count = List.of("demo", "--runRoot=" + runs, "--runId=busy");
    assertEquals(2, call.run(count), call.err());
    assertTrue(call.err().contains("carol@elsewhere pid 99"), call.err());
    assertFalse(Files.exists(runs.resolve("busy/inputs")), "the refused demo copied nothing");

    assertEquals(0, call.run(stageOnly("busy", "--breakLease=true")), call.err());
    assertFalse(Files.exists(lease("busy")), "taken over, then released");
  }

  @Test
  void leaseIsReleasedAfterSuccessAfterFailureAndAfterAUserError() throws Exception {
    Path in = temp.resolve("in.txt");
    Files.writeString(in, "a\nb\n");
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    Primer primer =
        new Primer(
            new StageRegistry(List.of(new LineCountStage())),
            new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true),
            new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
    String root = "--runRoot=" + runs;
    assertEquals(0, primer.execute(new String[] {"count", root, "--runId=l", "--input=" + in}));
    assertTrue(Files.exists(runs.resolve("l/count/_MANIFEST.json")));
    assertFalse(Files.exists(lease("l")), "released after success");
    assertEquals(
        1,
        primer.execute(
            new String[] {"count", root, "--runId=l", "--input=" + in, "--failMidway=true"}),
        err.toString());
    assertFalse(Files.exists(lease("l")), "released after a failure");
    assertEquals(
        2,
        primer.execute(new String[] {"count", root, "--runId=l", "--input=" + temp.resolve("x")}));
    assertFalse(Files.exists(lease("l")), "released after a user error");
    assertEquals(
        2,
        primer.execute(
            new String[] {"count", root, "--runId=l", "--input=" + in, "--leaseTimeoutSeconds=0"}));
    assertTrue(err.toString().contains("--leaseTimeoutSeconds"), err.toString());
  }
}

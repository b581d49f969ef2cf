package dev.primer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * primer on a Flink 1.19 session cluster of separate JVMs ({@code deploy/flink/cluster.sh}: one
 * JobManager, two TaskManagers), submitted with {@code --flinkMaster=HOST:PORT} and the bundled jar
 * as a user does: the demo gives the DirectRunner's F1 map and checkpoints; a TaskManager SIGKILLed
 * in the middle of {@code finetune}, and of {@code stage} on real PAN-X files, is replaced and
 * Flink's restart strategy reruns the lost work, with output identical to an undisturbed run. Each
 * kill is checked to have bitten: the JobManager logged the job restarting.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlinkClusterIT {

  private static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();

  /** The demo's fine-tuning options (DemoDefaults), for a rerun of that stage alone. */
  private static final List<String> DEMO_FINETUNE =
      List.of(
          "--settings=full,unprimed,primed,multitask",
          "--methods=adapter-houlsby",
          "--seeds=2",
          "--maxSteps=60",
          "--evalEvery=20",
          "--finetuneBatchSize=8",
          "--finetuneLr=1e-2",
          "--finetuneFullLr=1e-3",
          "--deterministic=true");

  private Path temp;
  private FlinkSessionCluster cluster;
  private Launcher launcher;
  private String master;
  private Path flinkRuns;
  private int victim = 1;

  @BeforeAll
  void startCluster(@TempDir Path dir) throws Exception {
    temp = dir;
    launcher = new Launcher(REPO);
    assertTrue(Files.isRegularFile(launcher.jar()), "the bundled jar is built in package");
    cluster = new FlinkSessionCluster(REPO, temp.resolve("cluster"));
    master = cluster.start(2);
    flinkRuns = temp.resolve("flink-runs");
  }

  @AfterAll
  void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private List<String> onCluster(String runRoot, String runId) {
    return List.of(
        "--runner=FlinkRunner",
        "--flinkMaster=" + master,
        "--parallelism=2",
        "--filesToStage=" + launcher.jar(),
        "--runRoot=" + runRoot,
        "--runId=" + runId);
  }

  @Test
  @Order(1)
  @Timeout(value = 25, unit = TimeUnit.MINUTES)
  void demoOnTwoTaskManagersEqualsTheDirectRunners() throws Exception {
    Path direct = temp.resolve("direct-runs");
    Path directLog = temp.resolve("logs/demo-direct.log");
    assertEquals(
        0,
        launcher.run(directLog, 10, List.of("demo", "--runRoot=" + direct, "--runId=demo")),
        () -> tail(directLog));
    Path flinkLog = temp.resolve("logs/demo-flink.log");
    assertEquals(
        0,
        launcher.run(
            flinkLog, 15, concat(List.of("demo"), onCluster(flinkRuns.toString(), "demo"))),
        () -> tail(flinkLog));

    assertEquals(RunDigests.f1(direct.resolve("demo")), RunDigests.f1(flinkRuns.resolve("demo")));
    Map<String, String> directCheckpoints = RunDigests.checkpoints(direct.resolve("demo"));
    assertFalse(directCheckpoints.isEmpty());
    assertEquals(directCheckpoints, RunDigests.checkpoints(flinkRuns.resolve("demo")));
    assertTrue(
        Files.readString(cluster.logs().resolve("jobmanager.log")).contains("FINISHED"),
        "the jobs ran on the session cluster");
  }

  @Test
  @Order(2)
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void finetuneSurvivesALostTaskManager() throws Exception {
    Path run = flinkRuns.resolve("demo");
    Assumptions.assumeTrue(Files.isDirectory(run.resolve("finetune")), "needs the demo run");
    Path finetune = run.resolve("finetune");
    Map<String, String> checkpoints = RunDigests.checkpoints(finetune);
    String records = RunDigests.avroRecords(finetune);

    List<String> args =
        concat(
            concat(List.of("finetune", "--force=true"), onCluster(flinkRuns.toString(), "demo")),
            DEMO_FINETUNE);
    killDuringJob("finetune", args);

    assertEquals(checkpoints, RunDigests.checkpoints(finetune));
    assertEquals(records, RunDigests.avroRecords(finetune));
  }

  @Test
  @Order(3)
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void stageOnPanxSurvivesALostTaskManager() throws Exception {
    Path panx =
        Path.of(System.getProperty("primer.shared.dir", REPO.resolve("../shared").toString()))
            .resolve("data/ner/panx")
            .toAbsolutePath()
            .normalize();
    Assumptions.assumeTrue(Files.isDirectory(panx), "../shared PAN-X files are absent");
    List<String> corpora = new ArrayList<>();
    for (String lang : List.of("de", "en", "sw")) {
      corpora.add("--corpus=panx:" + panx.resolve("train-" + lang + ".tsv.gz"));
    }
    Path runs = temp.resolve("stage-runs");
    Path quietLog = temp.resolve("logs/stage-undisturbed.log");
    assertEquals(
        0,
        launcher.run(
            quietLog,
            10,
            concat(concat(List.of("stage"), onCluster(runs.toString(), "quiet")), corpora)),
        () -> tail(quietLog));
    killDuringJob(
        "stage", concat(concat(List.of("stage"), onCluster(runs.toString(), "killed")), corpora));

    String quiet = RunDigests.avroRecords(runs.resolve("quiet/stage"));
    assertFalse(quiet.startsWith("0 "), quiet);
    assertEquals(quiet, RunDigests.avroRecords(runs.resolve("killed/stage")));
  }

  /**
   * Runs the launcher; once its job has run for a moment, SIGKILLs a TaskManager and starts a
   * replacement; the launcher must still succeed, and the JobManager must have restarted the job.
   */
  private void killDuringJob(String name, List<String> args) throws Exception {
    int replacement = victim + 10;
    Path jmLog = cluster.logs().resolve("jobmanager.log");
    long restartsBefore = restarts(jmLog);
    Path log = temp.resolve("logs/" + name + "-killed.log");
    Process launch = launcher.start(log, args);
    try {
      assertTrue(
          cluster.awaitRunningJob(Duration.ofMinutes(5), Duration.ofSeconds(4)),
          () -> "no running job to disturb:\n" + tail(log));
      cluster.killTaskManager(victim);
      cluster.startTaskManager(replacement);
      victim = replacement;
      assertTrue(launch.waitFor(10, TimeUnit.MINUTES), () -> "launcher hangs:\n" + tail(log));
      assertEquals(0, launch.exitValue(), () -> tail(log));
    } finally {
      launch.destroyForcibly();
    }
    assertTrue(
        restarts(jmLog) > restartsBefore,
        "the kill bit: the JobManager restarted the job (control for the equality below)");
  }

  private static long restarts(Path jobManagerLog) throws Exception {
    return Files.readAllLines(jobManagerLog, StandardCharsets.UTF_8).stream()
        .filter(line -> line.contains("to RESTARTING"))
        .count();
  }

  private static String tail(Path log) {
    try {
      return Launcher.tail(log);
    } catch (Exception e) {
      return "(no log: " + e + ")";
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}

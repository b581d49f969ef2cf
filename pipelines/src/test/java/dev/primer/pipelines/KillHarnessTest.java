package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.io.CommittedStage;
import dev.primer.io.RunLayout;
import dev.primer.io.StageAttempts;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run contract under SIGKILL: a child JVM runs a stage through the launcher's {@code main} and
 * is killed ({@link Process#destroyForcibly}, SIGKILL on Linux) at seeded random moments spread
 * over the stage's running time as measured by an uninterrupted run of the same command: {@code
 * stage} on real PAN-X files from {@code ../shared} (skipped when absent), {@code prime} and {@code
 * finetune} (each with its upstream stages reused by reference from one base run). After every kill
 * the stage's committed state must be absent or a complete commit ({@link #assertCommittedState}).
 * The first half of a stage's kills hit a run with no commit yet (each rerun is the next one
 * killed; a rerun of prime resumes from its work area when a kill came after a periodic
 * checkpoint); then a rerun completes; the second half hit {@code --force} reruns over that commit,
 * which must survive them. A last rerun must complete with output identical to the uninterrupted
 * run's (deterministic mode; wall-clock fields, run ids and prime's {@code resumed_from} aside).
 * Each series prints what its kills hit.
 */
class KillHarnessTest {

  /** Seed of the kill moments. */
  static final long SEED = 20261203L;

  /**
   * Kill moments per stage: 20 in all (prime and finetune take stage's when ../shared is absent).
   */
  static final int STAGE_KILLS = 6;

  static final int PRIME_KILLS = 7;
  static final int FINETUNE_KILLS = 7;

  /** Fields that differ between an uninterrupted run and a killed-then-resumed one, by design. */
  static final Set<String> IGNORED = Set.of("runId", "resumed_from");

  /** Small real PAN-X languages. */
  static final List<String> PANX_LANGS = List.of("qu", "yo", "jv");

  @TempDir static Path temp;
  static Path runs;
  static final PrimerCall CLI = new PrimerCall();
  static final StringBuilder REPORT = new StringBuilder();

  @BeforeAll
  static void baseRun() throws Exception {
    runs = temp.resolve("runs");
    List<String> upstream = new ArrayList<>(List.of("run"));
    upstream.addAll(DemoWorkflow.stageVocabEncode(temp, "base"));
    ok(upstream);
    ok(
        List.of(
            "episodes",
            "--runRoot=" + runs,
            "--runId=base",
            "--sourceLangs=en,de,fr",
            "--targetLangs=sw",
            "--supportSize=8",
            "--querySize=8",
            "--episodes=8",
            "--episodesPerFile=4"));
    ok(
        List.of(
            "pretrain",
            "--runRoot=" + runs,
            "--runId=base",
            "--preset=tiny",
            "--pretrainSteps=6",
            "--pretrainLogEvery=3",
            "--pretrainLangs=en,de,fr,sw",
            "--deterministic=true"));
    List<String> prime = new ArrayList<>(List.of("prime", "--runRoot=" + runs, "--runId=base"));
    prime.addAll(primeFlags());
    ok(prime);
  }

  static void ok(List<String> args) {
    assertEquals(0, CLI.run(args), args + "\n" + CLI.err());
  }

  static List<String> primeFlags() {
    return List.of(
        "--primeVariants=primed",
        "--metaSteps=4",
        "--metaBatch=2",
        "--innerSteps=1",
        "--checkpointEvery=2",
        "--deterministic=true");
  }

  @Test
  void killedStagesLeaveThePreviousCommitOrNoneAndRerunsEndIdentical() throws Exception {
    Random random = new Random(SEED);
    Path panx = Paths.get(System.getProperty("primer.shared.dir", "../shared"), "data/ner/panx");
    boolean shared = Files.isDirectory(panx);
    int extra = shared ? 0 : STAGE_KILLS;
    if (shared) {
      List<String> stage = new ArrayList<>(List.of("stage"));
      for (String lang : PANX_LANGS) {
        for (String split : List.of("train", "dev")) {
          stage.add(
              "--corpus=panx:" + panx.toAbsolutePath().resolve(split + "-" + lang + ".tsv.gz"));
        }
      }
      killSeries("stage", stage, STAGE_KILLS, random);
    } else {
      REPORT.append("stage on ../shared: skipped (").append(panx).append(" absent)\n");
    }
    List<String> prime = new ArrayList<>(List.of("run", "--stages=prime", "--reuse=base"));
    prime.addAll(primeFlags());
    killSeries("prime", prime, PRIME_KILLS + extra / 2, random);
    List<String> finetune = new ArrayList<>(List.of("run", "--stages=finetune", "--reuse=base"));
    finetune.addAll(RunReuseDirectRunnerTest.finetuneFlags());
    killSeries("finetune", finetune, FINETUNE_KILLS + extra - extra / 2, random);
    System.out.println(REPORT);
  }

  /**
   * One stage: an uninterrupted run (its time T and its output), then {@code kills} runs of the
   * same command in another run, each SIGKILLed at a seeded moment in [0.2 T, T] (stratified, so
   * the moments cover the whole span), the committed state checked after each, then a last
   * uninterrupted run whose output must equal the first's.
   */
  static void killSeries(String stage, List<String> command, int kills, Random random)
      throws Exception {
    String reference = "ref-" + stage;
    long start = System.nanoTime();
    Child baseline = Child.start(withRun(command, reference), temp.resolve(reference + ".log"));
    assertEquals(0, baseline.waitFor(), baseline.log());
    double seconds = (System.nanoTime() - start) / 1e9;
    Path referenceRun = runs.resolve(reference);
    Map<String, String> expected = CommittedFiles.fingerprints(referenceRun, stage, IGNORED);

    String killed = "kill-" + stage;
    Path run = runs.resolve(killed);
    int overCommit = 0;
    int committedAtKill = 0;
    int absentAtKill = 0;
    int finishedFirst = 0;
    // First half: the stage has no commit yet (a first run killed, then its reruns). Second half:
    // after a rerun has completed and committed, --force reruns killed over that commit.
    int firstHalf = (kills + 1) / 2;
    for (int i = 0; i < kills; i++) {
      boolean secondHalf = i >= firstHalf;
      if (i == firstHalf) {
        rerunToCompletion(command, killed, stage, run, expected, "-after-first-half");
      }
      int index = secondHalf ? i - firstHalf : i;
      int size = secondHalf ? kills - firstHalf : firstHalf;
      double fraction = 0.2 + 0.8 * (index + random.nextDouble()) / size;
      long delayMillis = (long) (seconds * fraction * 1000);
      List<String> args = withRun(command, killed);
      boolean committedBefore = CommittedFiles.committed(run, stage) != null;
      if (committedBefore) {
        args.add("--force=true");
        overCommit++;
      }
      Child child = Child.start(args, temp.resolve(killed + "-" + i + ".log"));
      if (child.process.waitFor(delayMillis, TimeUnit.MILLISECONDS)) {
        finishedFirst++;
        assertEquals(0, child.process.exitValue(), child.log());
      } else {
        child.process.destroyForcibly();
        assertTrue(child.process.waitFor(60, TimeUnit.SECONDS), "killed child did not end");
      }
      boolean committed = assertCommittedState(run, stage, expected);
      assertTrue(!committedBefore || committed, "a kill over a commit leaves a commit");
      if (committed) {
        committedAtKill++;
      } else {
        absentAtKill++;
      }
    }
    rerunToCompletion(command, killed, stage, run, expected, "-last");
    REPORT.append(
        String.format(
            "%s: uninterrupted %.1f s; %d kills (%d over a previous commit): %d left a commit, %d"
                + " none, %d ended before their moment%n",
            stage, seconds, kills, overCommit, committedAtKill, absentAtKill, finishedFirst));
  }

  /**
   * Reruns the stage after a kill until it completes ({@code --force} when a commit exists, so that
   * the work is redone) and checks the result: committed, equal to the uninterrupted run's output,
   * no abandoned attempt and no work area left.
   */
  static void rerunToCompletion(
      List<String> command,
      String runId,
      String stage,
      Path run,
      Map<String, String> expected,
      String suffix)
      throws Exception {
    List<String> args = withRun(command, runId);
    if (CommittedFiles.committed(run, stage) != null) {
      args.add("--force=true");
    }
    Child rerun = Child.start(args, temp.resolve(runId + suffix + ".log"));
    assertEquals(0, rerun.waitFor(), rerun.log());
    assertTrue(assertCommittedState(run, stage, expected), stage + " committed after the rerun");
    assertEquals(
        Set.of(CommittedFiles.committed(run, stage).manifest().attempt),
        attemptsOf(run.resolve(stage)),
        "the rerun removed every abandoned attempt");
    assertTrue(Files.notExists(run.resolve(stage).resolve(RunLayout.WORK)), "no work area left");
  }

  /**
   * The committed state of a stage after a kill, and of the upstream stages it reused: absent, or a
   * commit whose manifest lists every file of its attempt with the right size and digest and
   * nothing else there ({@link StageAttempts#verify}), whose output a reader resolves to that
   * attempt only, and whose content equals the uninterrupted run's (the previous commit and a new
   * one of the same deterministic work are equal, so a mix of the two cannot pass). The place to
   * add {@code ./primer status} and {@code ./primer verify}.
   *
   * @return true when the stage is committed
   */
  static boolean assertCommittedState(Path run, String stage, Map<String, String> expected)
      throws IOException {
    for (String upstream : DemoPipeline.STAGE_DIRS) {
      CommittedStage reused =
          upstream.equals(stage) ? null : CommittedFiles.committed(run, upstream);
      if (reused != null) {
        assertEquals(List.of(), StageAttempts.verify(reused), upstream + " (reused) in " + run);
      }
    }
    CommittedStage committed = CommittedFiles.committed(run, stage);
    assertCommandsAgree(run, stage, committed != null);
    if (committed == null) {
      assertTrue(
          Files.notExists(RunFiles.committed(run, stage + "/_MANIFEST.json")), "no manifest");
      return false;
    }
    assertTrue(committed.ownsOutput(), stage + " commits an attempt of its own");
    assertTrue(
        attemptsOf(run.resolve(stage)).contains(committed.manifest().attempt),
        "the manifest names an attempt that exists");
    assertEquals(
        List.of(), StageAttempts.verify(committed), stage + ": committed files match the manifest");
    assertEquals(
        committed.outputDirectory(),
        CommittedStage.read(new RunLayout(runs.toString(), run.getFileName().toString()), stage)
            .orElseThrow()
            .outputDirectory(),
        "a downstream reader resolves the committed attempt");
    assertEquals(
        expected,
        CommittedFiles.fingerprints(run, stage, IGNORED),
        stage + ": committed output equals the uninterrupted run's");
    return true;
  }

  /**
   * What a user sees: {@code ./primer verify} passes on every committed stage of the run, and
   * {@code ./primer status} reports {@code stage} as committed or missing (never stale, never a
   * half state).
   */
  static void assertCommandsAgree(Path run, String stage, boolean committed) throws IOException {
    List<String> where = List.of("--runRoot=" + runs, "--runId=" + run.getFileName());
    List<String> verify = new ArrayList<>(List.of("verify"));
    verify.addAll(where);
    if (!committed && isEmpty(run)) {
      // killed before its launcher wrote anything, even the lease: there is no run to speak of
      assertEquals(2, CLI.run(verify), CLI.out());
      assertTrue(CLI.err().contains("no run '" + run.getFileName() + "'"), CLI.err());
      return;
    }
    assertEquals(0, CLI.run(verify), "verify after a kill of " + stage + ":\n" + CLI.out());
    assertTrue(CLI.out().matches("(?s).*verify: all \\d+ committed stages hold\\s*"), CLI.out());
    List<String> status = new ArrayList<>(List.of("status"));
    status.addAll(where);
    assertEquals(0, CLI.run(status), CLI.err());
    String expectedState = committed ? "committed" : "missing";
    assertTrue(
        CLI.out().lines().anyMatch(l -> l.matches(stage + "\\s+" + expectedState + "\\b.*")),
        "status after a kill of " + stage + " shows it " + expectedState + ":\n" + CLI.out());
  }

  private static boolean isEmpty(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return true;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      return files.noneMatch(Files::isRegularFile);
    }
  }

  static Set<String> attemptsOf(Path stageDirectory) throws IOException {
    Set<String> names = new TreeSet<>();
    if (Files.isDirectory(stageDirectory)) {
      try (Stream<Path> list = Files.list(stageDirectory)) {
        list.map(p -> p.getFileName().toString())
            .filter(RunLayout::isAttemptName)
            .forEach(names::add);
      }
    }
    return names;
  }

  static List<String> withRun(List<String> command, String runId) {
    List<String> args = new ArrayList<>(command);
    args.add("--runRoot=" + runs);
    args.add("--runId=" + runId);
    // A SIGKILLed launcher leaves its lease behind; the next launcher breaks it, as a user told so
    // by the refusal does (the lease itself is RunLeaseLauncherTest's subject).
    args.add("--breakLease=true");
    return args;
  }

  /** A child JVM running the launcher's main with the test's class path. */
  record Child(Process process, Path logFile) {

    static Child start(List<String> args, Path log) throws IOException {
      List<String> command = new ArrayList<>();
      command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(
          List.of(
              "-Xmx1g",
              "-XX:MaxDirectMemorySize=1g",
              "-XX:TieredStopAtLevel=1",
              "-Dai.djl.offline=true",
              "-Dai.djl.pytorch.num_threads=1",
              "-Dai.djl.pytorch.num_interop_threads=1",
              "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
              "--add-opens=java.base/java.lang=ALL-UNNAMED",
              "--add-opens=java.base/java.util=ALL-UNNAMED",
              "--add-opens=java.base/java.nio=ALL-UNNAMED",
              "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
              "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
              "--add-opens=java.base/java.time=ALL-UNNAMED",
              "-cp",
              System.getProperty("java.class.path"),
              Primer.class.getName()));
      command.addAll(args);
      File logFile = log.toFile();
      Process process =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile).start();
      return new Child(process, log);
    }

    int waitFor() throws InterruptedException {
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("child JVM did not end in 5 minutes\n" + log());
      }
      return process.exitValue();
    }

    String log() {
      try {
        String text = Files.readString(logFile, StandardCharsets.UTF_8);
        return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
      } catch (IOException e) {
        return "(no log: " + e + ")";
      }
    }
  }
}

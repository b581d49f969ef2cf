package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.io.CommittedStage;
import dev.primer.io.Manifest;
import dev.primer.io.StageAttempts;
import dev.primer.io.StageReuse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --reuse} on the DirectRunner: run {@code x} computes stage..prime and finetune; run
 * {@code y} reuses x's stage..prime by reference and computes finetune only, which ends equal to
 * x's; a run under another root copies x's stages and checks every file; a corrupted source file
 * refuses the copy; a stage not committed in the source is a user error.
 */
class RunReuseDirectRunnerTest {

  static final List<String> UPSTREAM =
      List.of("stage", "vocab", "encode", "episodes", "pretrain", "prime");

  @TempDir static Path temp;
  static Path runs;
  static Path x;

  static final PrimerCall CLI = new PrimerCall();

  static List<String> location(String runId) {
    return List.of("--runRoot=" + runs, "--runId=" + runId);
  }

  static List<String> finetuneFlags() {
    return List.of(
        "--targetLangs=sw",
        "--settings=unprimed,primed",
        "--methods=adapter-houlsby",
        "--seeds=1",
        "--maxSteps=4",
        "--evalEvery=2",
        "--finetuneBatchSize=8",
        "--deterministic=true");
  }

  static List<String> args(String command, List<String> location, List<String> flags) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(location);
    all.addAll(flags);
    return all;
  }

  static void ok(List<String> args) {
    assertEquals(0, CLI.run(args), args + "\n" + CLI.err());
  }

  @BeforeAll
  static void runX() throws Exception {
    runs = temp.resolve("runs");
    x = runs.resolve("x");
    List<String> upstream = new ArrayList<>(List.of("run"));
    upstream.addAll(DemoWorkflow.stageVocabEncode(temp, "x"));
    ok(upstream);
    ok(
        args(
            "episodes",
            location("x"),
            List.of(
                "--sourceLangs=en,de,fr",
                "--targetLangs=sw",
                "--supportSize=8",
                "--querySize=8",
                "--episodes=8",
                "--episodesPerFile=4")));
    ok(
        args(
            "pretrain",
            location("x"),
            List.of(
                "--preset=tiny",
                "--pretrainSteps=6",
                "--pretrainLogEvery=3",
                "--pretrainLangs=en,de,fr,sw",
                "--deterministic=true")));
    ok(
        args(
            "prime",
            location("x"),
            List.of(
                "--primeVariants=primed",
                "--metaSteps=3",
                "--metaBatch=2",
                "--innerSteps=1",
                "--checkpointEvery=2",
                "--deterministic=true")));
    ok(args("finetune", location("x"), finetuneFlags()));
  }

  /** The README example: rerun only finetune on x's primed checkpoints, computing nothing else. */
  @Test
  void aSecondRunReusesUpstreamByReferenceAndFinetunesAlike() throws Exception {
    List<String> run = new ArrayList<>(List.of("run", "--stages=finetune", "--reuse=x"));
    run.addAll(location("y"));
    run.addAll(finetuneFlags());
    ok(run);
    Path y = runs.resolve("y");
    for (String stage : UPSTREAM) {
      assertTrue(CLI.out().contains(stage + ": reused from run"), CLI.out());
      CommittedStage source = CommittedFiles.committed(x, stage);
      CommittedStage reused = CommittedFiles.committed(y, stage);
      assertNotNull(reused, stage);
      try (Stream<Path> entries = Files.list(y.resolve(stage))) {
        assertEquals(
            List.of("_MANIFEST.json"),
            entries.map(p -> p.getFileName().toString()).toList(),
            stage + ": not computed in y, no attempt of its own");
      }
      Manifest m = reused.manifest();
      assertEquals(source.outputDirectory(), reused.outputDirectory(), stage);
      assertEquals(source.outputDirectory().toString(), m.attempt, stage);
      assertEquals(source.manifest().cacheKey, m.cacheKey, stage);
      assertEquals("y", m.runId);
      assertEquals(StageReuse.REFERENCE, m.reusedFrom.mode);
      assertEquals("x", m.reusedFrom.runId);
      assertEquals(source.manifestFile().toString(), m.reusedFrom.manifest);
      assertEquals(source.manifest().cacheKey, m.reusedFrom.cacheKey);
      assertEquals(
          List.of(), StageAttempts.verify(reused), stage + ": verify follows the reference");
    }
    for (String stage : List.of("evaluate", "report", "predict")) {
      assertFalse(Files.exists(y.resolve(stage)), stage);
    }
    CommittedStage finetuneX = CommittedFiles.committed(x, "finetune");
    CommittedStage finetuneY = CommittedFiles.committed(y, "finetune");
    assertNull(finetuneY.manifest().reusedFrom, "finetune was computed in y");
    assertTrue(finetuneY.ownsOutput());
    assertEquals(
        finetuneX.manifest().cacheKey,
        finetuneY.manifest().cacheKey,
        "same options on the same upstream keys and inputs");
    Map<String, String> expected = CommittedFiles.fingerprints(x, "finetune", Set.of("runId"));
    assertTrue(expected.keySet().stream().anyMatch(p -> p.endsWith("peft/checkpoint.json")));
    assertTrue(expected.keySet().stream().anyMatch(p -> p.endsWith("result.json")));
    assertEquals(expected, CommittedFiles.fingerprints(y, "finetune", Set.of("runId")));

    // A second identical call reuses nothing anew and finds finetune up to date.
    ok(run);
    assertTrue(CLI.out().contains("prime: reused from run x (up to date)"), CLI.out());
    assertTrue(CLI.out().contains("finetune: up to date"), CLI.out());

    // Recomputing a reused stage in y replaces y's reference, never x's files.
    List<String> restage = new ArrayList<>(List.of("run", "--stages=stage", "--force=true"));
    restage.addAll(location("y"));
    restage.addAll(DemoWorkflow.corpusFlags(temp.resolve("corpus-y")));
    ok(restage);
    assertTrue(CommittedFiles.committed(y, "stage").ownsOutput());
    assertNull(CommittedFiles.committed(y, "stage").manifest().reusedFrom);
    for (String stage : UPSTREAM) {
      CommittedStage source = CommittedFiles.committed(x, stage);
      assertTrue(Files.isDirectory(Path.of(source.outputDirectory().toString())), stage);
      assertEquals(List.of(), StageAttempts.verify(source), stage + " of x is intact");
    }
  }

  @Test
  void anotherRootCopiesEveryFileAndChecksIt() throws Exception {
    Path otherRoot = temp.resolve("other-root");
    List<String> run = new ArrayList<>(List.of("run", "--stages=episodes"));
    run.add("--reuse=stage,vocab,encode@" + x);
    run.addAll(List.of("--runRoot=" + otherRoot, "--runId=z"));
    run.addAll(
        List.of(
            "--sourceLangs=en,de,fr",
            "--targetLangs=sw",
            "--supportSize=8",
            "--querySize=8",
            "--episodes=8",
            "--episodesPerFile=4"));
    ok(run);
    Path z = otherRoot.resolve("z");
    for (String stage : List.of("stage", "vocab", "encode")) {
      assertTrue(CLI.out().contains(stage + ": reused from run"), CLI.out());
      assertTrue(CLI.out().contains("by verified copy"), CLI.out());
      CommittedStage source = CommittedFiles.committed(x, stage);
      CommittedStage copied = CommittedFiles.committed(z, stage);
      assertTrue(copied.ownsOutput(), stage + ": the copy lives in z's own attempt");
      assertTrue(copied.outputDirectory().toString().startsWith(z.toString()), stage);
      assertEquals(StageReuse.COPY, copied.manifest().reusedFrom.mode);
      assertEquals(source.manifest().cacheKey, copied.manifest().cacheKey);
      assertEquals(List.of(), StageAttempts.verify(copied), stage);
      assertEquals(
          CommittedFiles.fingerprints(x, stage, Set.of()),
          CommittedFiles.fingerprints(z, stage, Set.of()),
          stage);
    }
    assertEquals(
        CommittedFiles.committed(x, "encode").manifest().cacheKey,
        CommittedFiles.committed(z, "episodes").manifest().upstream.get("encode").cacheKey);
  }

  @Test
  void aCorruptSourceFileRefusesTheCopy() throws Exception {
    // A copy of x's first three stages, one byte of the tokenizer flipped.
    Path bad = runs.resolve("bad");
    FinetuneWorkflow.copyStages(x, bad, "stage", "vocab", "encode");
    Path tokenizer = RunFiles.committed(bad, "vocab/tokenizer.json");
    byte[] bytes = Files.readAllBytes(tokenizer);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(tokenizer, bytes);

    Path otherRoot = temp.resolve("other-root-2");
    List<String> run = new ArrayList<>(List.of("run", "--stages=episodes"));
    run.add("--reuse=stage,vocab,encode@" + bad);
    run.addAll(List.of("--runRoot=" + otherRoot, "--runId=w"));
    run.addAll(List.of("--sourceLangs=en,de,fr", "--targetLangs=sw", "--episodes=8"));
    assertEquals(2, CLI.run(run), CLI.err());
    String err = CLI.err();
    assertTrue(err.contains("tokenizer.json"), err);
    assertTrue(err.contains("does not match its manifest"), err);
    assertEquals(1, err.strip().lines().count(), err);
    assertFalse(Files.exists(otherRoot.resolve("w/episodes")), "no stage ran");
    for (String stage : List.of("stage", "vocab", "encode")) {
      // stage was copied and checked before vocab was refused: it is not committed either
      Path dir = otherRoot.resolve("w").resolve(stage);
      if (Files.isDirectory(dir)) {
        try (Stream<Path> entries = Files.list(dir)) {
          assertEquals(List.of(), entries.toList(), stage + ": nothing committed, copies removed");
        }
      }
    }
  }

  @Test
  void reusingAStageTheSourceDidNotCommitIsAUserError() {
    List<String> run = new ArrayList<>(List.of("run", "--stages=report"));
    run.add("--reuse=evaluate,prime@x");
    run.addAll(location("v"));
    assertEquals(2, CLI.run(run), CLI.err());
    String err = CLI.err();
    assertTrue(err.contains("stage 'evaluate' is not committed in run"), err);
    assertFalse(err.contains("'prime' is not committed"), err);
    assertEquals(1, err.strip().lines().count(), err);
    assertFalse(Files.exists(runs.resolve("v")), "nothing written");

    List<String> both = new ArrayList<>(List.of("run", "--stages=prime,finetune"));
    both.add("--reuse=prime@x");
    both.addAll(location("v"));
    assertEquals(2, CLI.run(both), CLI.err());
    assertTrue(CLI.err().contains("stage 'prime' is both in --stages and reused"), CLI.err());
    assertFalse(Files.exists(runs.resolve("v")), "nothing written");
  }
}

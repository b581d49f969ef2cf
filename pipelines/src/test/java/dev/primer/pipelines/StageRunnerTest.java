package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.UserError;
import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import dev.primer.io.RunLayout;
import dev.primer.lease.LeaseHeldException;
import dev.primer.lease.LeaseRecord;
import dev.primer.lease.RunLease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageRunnerTest {

  @TempDir Path temp;

  private LineCountStage.Options options(String... extra) {
    List<String> args =
        new java.util.ArrayList<>(List.of("--runRoot=" + temp.resolve("runs"), "--runId=t1"));
    args.addAll(List.of(extra));
    if (args.stream().noneMatch(arg -> arg.startsWith("--seed="))) {
      args.add("--seed=5");
    }
    return PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
        .as(LineCountStage.Options.class);
  }

  private Path input(String name, String text) throws Exception {
    Path file = temp.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  @Test
  void writesOutputThenManifestWithInputsOptionsAndVersions() throws Exception {
    Path in = input("a.txt", "1\n2\n3\n");
    LineCountStage stage = new LineCountStage();

    StageRunner.Outcome outcome = StageRunner.run(stage, options("--input=" + in));

    assertEquals(StageRunner.Status.COMPLETED, outcome.status());
    Path dir = temp.resolve("runs/t1/count");
    assertEquals("3", Files.readString(committedOutput().resolve("count.txt")));
    Manifest manifest = Manifest.fromJson(Files.readString(dir.resolve("_MANIFEST.json")));
    assertEquals("count", manifest.stage);
    assertEquals("t1", manifest.runId);
    assertEquals(5L, manifest.seed);
    assertEquals(3, manifest.counts.get("lines").asInt());
    assertEquals(1, manifest.inputs.size());
    assertEquals(64, manifest.inputs.get(0).sha256.length());
    assertEquals(6L, manifest.inputs.get(0).bytes);
    assertEquals("false", manifest.options.get("failMidway").asText());
    assertFalse(manifest.options.has("runRoot"), "location options are not configuration");
    assertEquals("DirectRunner", manifest.versions.get("runner"));
    assertTrue(manifest.versions.containsKey("beam"));
    assertTrue(manifest.startTime.compareTo(manifest.endTime) <= 0);
  }

  @Test
  void reusesCompleteOutputUntilInputsOrOptionsChange() throws Exception {
    Path in = input("a.txt", "1\n2\n");
    LineCountStage stage = new LineCountStage();

    StageRunner.run(stage, options("--input=" + in));
    StageRunner.Outcome second = StageRunner.run(stage, options("--input=" + in));
    assertEquals(StageRunner.Status.UP_TO_DATE, second.status());
    assertEquals(1, stage.runs);

    StageRunner.Outcome forced = StageRunner.run(stage, options("--input=" + in, "--force=true"));
    assertEquals(StageRunner.Status.COMPLETED, forced.status());
    assertEquals(2, stage.runs);

    Files.writeString(in, "1\n2\n3\n4\n");
    StageRunner.Outcome changed = StageRunner.run(stage, options("--input=" + in));
    assertEquals(StageRunner.Status.COMPLETED, changed.status());
    assertEquals(4, changed.manifest().counts.get("lines").asInt());
    assertNotEquals(second.manifest().cacheKey, changed.manifest().cacheKey);

    StageRunner.Outcome reseeded = StageRunner.run(stage, options("--input=" + in, "--seed=6"));
    assertEquals(StageRunner.Status.COMPLETED, reseeded.status());
    assertEquals(4, stage.runs);
  }

  /** The committed output directory of the count stage of run t1, read from its manifest. */
  private Path committedOutput() throws Exception {
    Path dir = temp.resolve("runs/t1/count");
    Manifest manifest = Manifest.fromJson(Files.readString(dir.resolve("_MANIFEST.json")));
    assertTrue(manifest.attempt.startsWith("attempt-"), manifest.attempt);
    return dir.resolve(manifest.attempt);
  }

  /** The attempt directories of the count stage of run t1, by name. */
  private List<String> attempts() throws Exception {
    try (Stream<Path> list = Files.list(temp.resolve("runs/t1/count"))) {
      return list.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("attempt-"))
          .sorted()
          .toList();
    }
  }

  /** What a downstream stage of run t1 reads as count.txt: through the committed manifest. */
  private String downstreamReadsCount() throws Exception {
    LineCountStage.Options options = options();
    FileSystems.setDefaultPipelineOptions(options);
    StageContext reader =
        new StageContext(
            "reader",
            new dev.primer.io.RunLayout(options.getRunRoot(), options.getRunId()),
            new Manifest());
    reader.requireUpstream("count");
    return ResourceIO.readString(reader.upstreamFile("count", "count.txt"));
  }

  @Test
  void theManifestListsEveryFileOfTheAttemptWithSizeAndSha256() throws Exception {
    Path in = input("a.txt", "1\n2\n3\n");
    StageRunner.Outcome outcome = StageRunner.run(new LineCountStage(), options("--input=" + in));

    Path out = committedOutput();
    assertEquals(out.toString() + "/", outcome.directory().toString());
    Map<String, Path> onDisk = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(out)) {
      walk.filter(Files::isRegularFile).forEach(f -> onDisk.put(out.relativize(f).toString(), f));
    }
    assertEquals(List.of("count.txt", "detail/inputs.txt"), List.copyOf(onDisk.keySet()));
    List<Manifest.OutputFile> listed = outcome.manifest().files;
    assertEquals(List.copyOf(onDisk.keySet()), listed.stream().map(f -> f.path).toList());
    for (Manifest.OutputFile f : listed) {
      byte[] bytes = Files.readAllBytes(onDisk.get(f.path));
      assertEquals(bytes.length, f.bytes, f.path);
      assertEquals(
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
          f.sha256,
          f.path);
      assertNull(f.crc32c, "small files carry a sha256");
    }
    Manifest stored =
        Manifest.fromJson(Files.readString(temp.resolve("runs/t1/count/_MANIFEST.json")));
    assertEquals(outcome.manifest().toJson(), stored.toJson());
    assertEquals(List.of(out.getFileName().toString()), attempts());
  }

  @Test
  void aFailedRerunLeavesTheCommittedOutputReadableAndTheNextRunRemovesItsAttempt()
      throws Exception {
    Path in = input("a.txt", "x\n");
    LineCountStage stage = new LineCountStage();
    StageRunner.run(stage, options("--input=" + in));
    Path manifestFile = temp.resolve("runs/t1/count/_MANIFEST.json");
    String committedManifest = Files.readString(manifestFile);
    Path committed = committedOutput();

    Files.writeString(in, "x\ny\n");
    assertThrows(
        IllegalStateException.class,
        () -> StageRunner.run(stage, options("--input=" + in, "--failMidway=true")));

    assertEquals(committedManifest, Files.readString(manifestFile), "the commit is unchanged");
    assertEquals(committed, committedOutput());
    assertEquals("1", Files.readString(committed.resolve("count.txt")));
    assertEquals("1", downstreamReadsCount(), "downstream reads the previous commit");
    List<String> afterFailure = attempts();
    assertEquals(2, afterFailure.size(), "the failed attempt is left, unreferenced");
    String abandoned =
        afterFailure.stream()
            .filter(a -> !a.equals(committed.getFileName().toString()))
            .findFirst()
            .orElseThrow();
    assertEquals(
        "2",
        Files.readString(temp.resolve("runs/t1/count").resolve(abandoned).resolve("count.txt")),
        "the failed attempt wrote its (uncommitted) output");

    // control: the same change without the failure commits the new output
    StageRunner.Outcome rerun = StageRunner.run(stage, options("--input=" + in));
    assertEquals(StageRunner.Status.COMPLETED, rerun.status());
    assertEquals("2", downstreamReadsCount());
    assertEquals(List.of(committedOutput().getFileName().toString()), attempts());
    assertFalse(afterFailure.contains(committedOutput().getFileName().toString()));
  }

  @Test
  void aLauncherWhoseLeaseWasBrokenWhileItsStageRanDoesNotCommit() throws Exception {
    Path in = input("a.txt", "x\n");
    LineCountStage stage = new LineCountStage();
    Path leaseFile = temp.resolve("runs/t1/" + RunLease.FILE_NAME);
    RunLeases.Settings slowBeats = new RunLeases.Settings(false, 600, 300);
    RunLease first =
        RunLeases.acquire(
            new RunLayout(temp.resolve("runs").toString(), "t1"), slowBeats, options(), "count");
    // control: with the lease held, the check passes and the stage commits
    StageRunner.run(stage, options("--input=" + in), first::confirm);
    Path manifestFile = temp.resolve("runs/t1/count/_MANIFEST.json");
    String committedManifest = Files.readString(manifestFile);

    Files.writeString(in, "x\ny\n");
    RunLeases.Settings breaking = new RunLeases.Settings(true, 600, 300);
    try (RunLease second =
        RunLeases.acquire(
            new RunLayout(temp.resolve("runs").toString(), "t1"), breaking, options(), "count")) {
      first.checkHeld(); // no heartbeat has run yet: only the commit check can notice
      LeaseHeldException lost =
          assertThrows(
              LeaseHeldException.class,
              () -> StageRunner.run(stage, options("--input=" + in), first::confirm));
      assertTrue(lost.getMessage().contains("lost its lease"), lost.getMessage());
      assertEquals(2, stage.runs, "the stage ran; only its commit was refused");
      assertEquals(committedManifest, Files.readString(manifestFile), "the commit is unchanged");
      assertEquals("1", downstreamReadsCount());
      first.close();
      assertEquals(
          second.record().leaseId(), LeaseRecord.parse(Files.readAllBytes(leaseFile)).leaseId());
      // the new holder commits the same change
      StageRunner.run(stage, options("--input=" + in), second::confirm);
      assertEquals("2", downstreamReadsCount());
    }
  }

  @Test
  void aRerunKeepsTheOldOutputReadableUntilItCommits() throws Exception {
    Path in = input("a.txt", "1\n");
    LineCountStage stage = new LineCountStage();
    StageRunner.run(stage, options("--input=" + in));
    Path first = committedOutput();

    List<String> seenDuringRerun = new ArrayList<>();
    stage.beforeCommit =
        context -> {
          try {
            seenDuringRerun.add(downstreamReadsCount());
            seenDuringRerun.add(
                Files.readString(Path.of(context.outputDirectory().toString(), "count.txt")));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
    Files.writeString(in, "1\n2\n3\n");
    StageRunner.run(stage, options("--input=" + in, "--seed=9"));

    assertEquals(List.of("1", "3"), seenDuringRerun, "old output readable while new is written");
    assertEquals("3", downstreamReadsCount());
    assertFalse(Files.exists(first), "the previous attempt is removed once the new one commits");
  }

  @Test
  void theWorkAreaOutlivesAFailedAttemptAndGoesOnCommitOrForce() throws Exception {
    Path in = input("a.txt", "1\n");
    LineCountStage stage = new LineCountStage();
    Path work = temp.resolve("runs/t1/count/_work/state.txt");
    Files.createDirectories(work.getParent());
    Files.writeString(work, "resumable");
    assertThrows(
        IllegalStateException.class,
        () -> StageRunner.run(stage, options("--input=" + in, "--failMidway=true")));
    assertTrue(Files.exists(work), "a failed attempt leaves the work area to resume from");
    StageRunner.run(stage, options("--input=" + in));
    assertFalse(Files.exists(work.getParent()), "removed once an attempt commits");

    Files.createDirectories(work.getParent());
    Files.writeString(work, "resumable");
    stage.beforeCommit = context -> assertFalse(Files.exists(work), "--force starts afresh");
    StageRunner.run(stage, options("--input=" + in, "--force=true"));
    assertEquals(3, stage.runs);
  }

  @Test
  void aRunWrittenBeforeAttemptsIsReadAndReplacedOnRerun() throws Exception {
    Path in = input("a.txt", "1\n2\n");
    Path dir = temp.resolve("runs/t1/count");
    Files.createDirectories(dir.resolve("detail"));
    Files.writeString(dir.resolve("count.txt"), "7");
    Files.writeString(dir.resolve("detail/inputs.txt"), "old\n");
    Files.writeString(
        dir.resolve("_MANIFEST.json"),
        "{\"stage\":\"count\",\"runId\":\"t1\",\"status\":\"complete\","
            + "\"cacheKey\":\"old-key\",\"outputs\":{\"count\":\"count.txt\"}}");
    assertEquals("7", downstreamReadsCount(), "the old layout: output in the stage directory");

    StageRunner.run(new LineCountStage(), options("--input=" + in));
    assertEquals("2", downstreamReadsCount());
    assertFalse(Files.exists(dir.resolve("count.txt")), "old-layout output removed after commit");
    assertFalse(Files.exists(dir.resolve("detail")));
    assertEquals(
        List.of("_MANIFEST.json", committedOutput().getFileName().toString()),
        Files.list(dir).map(p -> p.getFileName().toString()).sorted().toList());
  }

  @Test
  void missingInputIsAUserErrorBeforeAnythingIsWritten() {
    LineCountStage stage = new LineCountStage();
    UserError error =
        assertThrows(
            UserError.class,
            () -> StageRunner.run(stage, options("--input=" + temp.resolve("nope.txt"))));
    assertTrue(error.getMessage().contains("nope.txt"), error.getMessage());
    assertFalse(Files.exists(temp.resolve("runs/t1/count")));
  }

  @Test
  void upstreamThatHasNotRunIsNamedInTheError() throws Exception {
    LineCountStage.Options options = options();
    StageContext context =
        new StageContext(
            "encode",
            new dev.primer.io.RunLayout(options.getRunRoot(), options.getRunId()),
            new Manifest());
    UserError error = assertThrows(UserError.class, () -> context.requireUpstream("vocab"));
    assertTrue(error.getMessage().contains("'vocab'"), error.getMessage());
    assertTrue(error.getMessage().contains("./primer vocab"), error.getMessage());
  }
}

package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.UserError;
import dev.primer.io.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    assertEquals("3", Files.readString(dir.resolve("count.txt")));
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

  @Test
  void failureLeavesNoManifestAndRerunCleansPartialOutput() throws Exception {
    Path in = input("a.txt", "x\n");
    LineCountStage stage = new LineCountStage();
    StageRunner.run(stage, options("--input=" + in));
    Path dir = temp.resolve("runs/t1/count");
    Files.writeString(dir.resolve("stale-extra-file"), "from an older version");

    assertThrows(
        IllegalStateException.class,
        () -> StageRunner.run(stage, options("--input=" + in, "--failMidway=true")));

    assertFalse(Files.exists(dir.resolve("_MANIFEST.json")), "a failed stage has no manifest");
    assertFalse(Files.exists(dir.resolve("stale-extra-file")), "old output removed before rerun");
    assertTrue(Files.exists(dir.resolve("count.txt")));

    StageRunner.Outcome rerun = StageRunner.run(stage, options("--input=" + in));
    assertEquals(StageRunner.Status.COMPLETED, rerun.status());
    assertTrue(Files.exists(dir.resolve("_MANIFEST.json")));
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

package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrimerCliTest {

  @TempDir Path temp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    Primer primer =
        new Primer(
            new StageRegistry(List.of(new LineCountStage())),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return primer.execute(args);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpListsCommandsAndStageOptionsWithDefaults() {
    assertEquals(0, run("--help"));
    assertTrue(out().contains("count"), out());
    assertTrue(out().contains("demo"), out());

    out.reset();
    assertEquals(0, run("count", "--help"));
    assertTrue(out().contains("--failMidway=true|false   (default: false)"), out());
    assertTrue(out().contains("--runRoot=VALUE   (default: runs)"), out());
    assertTrue(out().contains("Throw after writing part of the output."), out());
  }

  @Test
  void unknownCommandIsOneLineAndStatusTwo() {
    assertEquals(2, run("stagee"));
    assertEquals(1, err().strip().lines().count(), err());
    assertTrue(err().contains("unknown command 'stagee'"), err());
  }

  @Test
  void unknownOptionIsOneLineAndStatusTwo() {
    assertEquals(2, run("count", "--inptu=x"));
    assertTrue(err().contains("unknown option --inptu"), err());
    assertEquals(1, err().strip().lines().count(), err());
  }

  @Test
  void missingInputIsOneLineStatusTwoAndNoManifest() {
    Path runs = temp.resolve("runs");
    assertEquals(
        2, run("count", "--runRoot=" + runs, "--runId=x", "--input=" + temp.resolve("no.txt")));
    assertTrue(err().contains("no input file matches"), err());
    assertEquals(1, err().strip().lines().count(), err());
    assertFalse(Files.exists(runs.resolve("x/count/_MANIFEST.json")));
  }

  @Test
  void failedStageIsStatusOneWithoutManifest() throws Exception {
    Path in = temp.resolve("in.txt");
    Files.writeString(in, "a\n");
    Path runs = temp.resolve("runs");
    assertEquals(
        1, run("count", "--runRoot=" + runs, "--runId=x", "--input=" + in, "--failMidway=true"));
    assertTrue(err().contains("failing on purpose"), err());
    assertFalse(Files.exists(runs.resolve("x/count/_MANIFEST.json")));
  }

  @Test
  void runsStagesInOrderAndReportsWhereOutputsAre() throws Exception {
    Path in = temp.resolve("in.txt");
    Files.writeString(in, "a\nb\n");
    Path runs = temp.resolve("runs");
    assertEquals(
        0, run("run", "--stages=count", "--runRoot=" + runs, "--runId=x", "--input=" + in), err());
    assertTrue(out().contains("count: complete"), out());
    assertTrue(Files.exists(runs.resolve("x/count/_MANIFEST.json")));
    assertEquals(
        0, run("run", "--stages=count", "--runRoot=" + runs, "--runId=x", "--input=" + in));
    assertTrue(out().contains("count: up to date"), out());
    assertEquals(2, run("run", "--stages=count,nope", "--runRoot=" + runs));
    assertTrue(err().contains("unknown stage 'nope'"), err());
  }
}

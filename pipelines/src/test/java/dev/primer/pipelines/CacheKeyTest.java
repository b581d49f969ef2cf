package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.primer.io.CodeVersion;
import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache key covers the code version, and a rerun says which part of the key changed: code,
 * seed, options, input files, upstream stages.
 */
class CacheKeyTest {

  @TempDir Path temp;

  @AfterEach
  void clearCodeVersion() {
    System.clearProperty(CodeVersion.OVERRIDE_PROPERTY);
  }

  /** A stage reading the {@code count} stage's output: doubles its count. */
  static final class DoubleStage extends NamedStage<PrimerOptions, Stage.Checked> {
    int runs;

    DoubleStage() {
      super("double", "doubles the count", PrimerOptions.class);
    }

    @Override
    public Stage.Checked plan(PrimerOptions options, StageContext context) throws Exception {
      context.requireUpstream("count");
      return Stage.Checked.OK;
    }

    @Override
    public void run(PrimerOptions options, Stage.Checked plan, StageContext context)
        throws Exception {
      runs++;
      long count =
          Long.parseLong(
              ResourceIO.readString(
                  ResourceIO.file(context.upstreamDirectory("count") + "count.txt")));
      ResourceIO.writeAtomically(
          ResourceIO.file(context.output("double.txt")),
          Long.toString(2 * count).getBytes(StandardCharsets.UTF_8));
    }
  }

  private LineCountStage.Options options(String... extra) {
    List<String> args = new ArrayList<>(List.of("--runRoot=" + temp.resolve("runs"), "--runId=k"));
    args.addAll(List.of(extra));
    if (args.stream().noneMatch(arg -> arg.startsWith("--seed="))) {
      args.add("--seed=1");
    }
    return PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
        .as(LineCountStage.Options.class);
  }

  private Path input(String text) throws Exception {
    Path file = temp.resolve("in.txt");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void aBuildFromAnotherCommitChangesTheKeyAndAnUnchangedRerunIsSkipped() throws Exception {
    Path in = input("1\n2\n");
    LineCountStage stage = new LineCountStage();
    System.setProperty(CodeVersion.OVERRIDE_PROPERTY, "abc123abc123");
    StageRunner.Outcome first = StageRunner.run(stage, options("--input=" + in));
    assertEquals("abc123abc123", first.manifest().cacheKeyParts.get("code").asText());
    assertNull(first.manifest().rerunReasons, "a first run is no rerun");

    StageRunner.Outcome same = StageRunner.run(stage, options("--input=" + in));
    assertEquals(StageRunner.Status.UP_TO_DATE, same.status());
    assertEquals(1, stage.runs);

    System.setProperty(CodeVersion.OVERRIDE_PROPERTY, "def456def456");
    StageRunner.Outcome rebuilt = StageRunner.run(stage, options("--input=" + in));
    assertEquals(StageRunner.Status.COMPLETED, rebuilt.status());
    assertEquals(2, stage.runs);
    assertNotEquals(first.manifest().cacheKey, rebuilt.manifest().cacheKey);
    assertEquals(List.of("code abc123abc123 -> def456def456"), rebuilt.manifest().rerunReasons);

    Manifest stored =
        Manifest.fromJson(Files.readString(temp.resolve("runs/k/count/_MANIFEST.json")));
    assertEquals(rebuilt.manifest().cacheKey, stored.cacheKey);
    assertEquals(stored.cacheKey, CacheKey.of(stored.cacheKeyParts), "the parts give the key");
    assertEquals(List.of("code abc123abc123 -> def456def456"), stored.rerunReasons);
  }

  @Test
  void withoutTheHookTheKeyCoversTheBuildsCodeVersion() throws Exception {
    Path in = input("1\n");
    StageRunner.Outcome outcome = StageRunner.run(new LineCountStage(), options("--input=" + in));
    assertEquals(CodeVersion.current(), outcome.manifest().cacheKeyParts.get("code").asText());
  }

  @Test
  void rerunSaysWhichSeedOptionAndInputChanged() throws Exception {
    Path in = input("1\n2\n");
    LineCountStage stage = new LineCountStage();
    StageRunner.run(stage, options("--input=" + in));

    StageRunner.Outcome reseeded = StageRunner.run(stage, options("--input=" + in, "--seed=2"));
    assertEquals(List.of("seed 1 -> 2"), reseeded.manifest().rerunReasons);

    Files.writeString(in, "1\n2\n3\n");
    StageRunner.Outcome changed = StageRunner.run(stage, options("--input=" + in, "--seed=2"));
    String uri = changed.manifest().inputs.get(0).uri;
    assertEquals(List.of("input " + uri + " changed"), changed.manifest().rerunReasons);

    Path other = temp.resolve("other.txt");
    Files.writeString(other, "x\n");
    StageRunner.Outcome more =
        StageRunner.run(stage, options("--input=" + in, "--input=" + other, "--seed=2"));
    List<String> reasons = more.manifest().rerunReasons;
    assertEquals(2, reasons.size(), reasons.toString());
    assertTrue(reasons.get(0).startsWith("--input ["), reasons.toString());
    assertTrue(reasons.get(0).contains(" -> ["), reasons.toString());
    assertTrue(reasons.get(1).matches("input .*other\\.txt added"), reasons.toString());

    StageRunner.Outcome forced =
        StageRunner.run(
            stage, options("--input=" + in, "--input=" + other, "--seed=2", "--force=true"));
    assertEquals(List.of("--force"), forced.manifest().rerunReasons);
  }

  @Test
  void downstreamRerunNamesTheChangedUpstreamStage() throws Exception {
    Path in = input("1\n2\n");
    LineCountStage count = new LineCountStage();
    DoubleStage twice = new DoubleStage();
    StageRunner.run(count, options("--input=" + in));
    StageRunner.run(twice, options());
    assertEquals(
        StageRunner.Status.UP_TO_DATE, StageRunner.run(twice, options()).status(), "control");

    Files.writeString(in, "1\n2\n3\n");
    StageRunner.run(count, options("--input=" + in));
    StageRunner.Outcome rerun = StageRunner.run(twice, options());
    assertEquals(StageRunner.Status.COMPLETED, rerun.status());
    assertEquals(List.of("input count/ changed"), rerun.manifest().rerunReasons);
    assertEquals(
        "6", Files.readString(RunFiles.committed(temp.resolve("runs/k"), "double/double.txt")));
    assertEquals(2, twice.runs);
  }

  @Test
  void reasonsNameEachChangedOptionWithBothValues() {
    ObjectNode before = Manifest.mapper().createObjectNode();
    before.put("stage", "finetune").put("code", "abc123").put("seed", 1);
    before.putObject("options").put("maxSteps", 300).put("methods", "lora").put("gone", true);
    before.putArray("inputs").add("file:/d/a.tsv@00aa").add("file:/d/b.tsv@00bb");
    before.putObject("upstream").put("encode", "k1").put("prime", "k2");
    ObjectNode after = before.deepCopy();
    after.put("code", "def456").put("seed", 2);
    ((ObjectNode) after.get("options")).put("maxSteps", 200).put("fresh", "x").remove("gone");
    after.putArray("inputs").add("file:/d/a.tsv@00aa").add("file:/d/b.tsv@11bb");
    ((ObjectNode) after.get("upstream")).put("encode", "k9");

    assertEquals(
        List.of(
            "code abc123 -> def456",
            "seed 1 -> 2",
            "--fresh (unset) -> x",
            "--gone true -> (unset)",
            "--maxSteps 300 -> 200",
            "input file:/d/b.tsv changed",
            "input encode/ changed"),
        RerunReasons.between(before, after));
    assertEquals(List.of(), RerunReasons.between(before, before.deepCopy()), "control");
    assertEquals(1, RerunReasons.between(null, after).size(), "an older manifest");
  }

  @Test
  void launcherPrintsWhyItReran() throws Exception {
    Path in = input("1\n");
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    Primer primer =
        new Primer(
            new StageRegistry(List.of(new LineCountStage())),
            new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
            new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true));
    String root = "--runRoot=" + temp.resolve("runs");
    assertEquals(0, primer.execute(new String[] {"count", root, "--input=" + in, "--seed=1"}));
    assertTrue(!out.toString(StandardCharsets.UTF_8).contains("reran"), out.toString());
    out.reset();
    assertEquals(0, primer.execute(new String[] {"count", root, "--input=" + in, "--seed=3"}));
    assertTrue(
        out.toString(StandardCharsets.UTF_8).contains("  reran: seed 1 -> 3"), out.toString());
  }
}

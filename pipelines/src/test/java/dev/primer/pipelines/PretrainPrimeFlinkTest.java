package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.primer.io.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pretrain and prime on an embedded Flink cluster with two parallel subtasks (two variants trained
 * at the same time in one JVM, taking turns on the device); the primed checkpoint is bit-identical
 * to the one the DirectRunner makes from the same inputs (deterministic mode).
 */
class PretrainPrimeFlinkTest {

  @TempDir Path temp;

  private final PrimerCall cli = new PrimerCall();

  private List<String> with(List<String> args, String... more) {
    List<String> out = new ArrayList<>(args);
    out.addAll(List.of(more));
    return out;
  }

  private List<String> prime(String runId, String variants) {
    return List.of(
        "prime",
        "--runRoot=" + temp.resolve("runs"),
        "--runId=" + runId,
        "--primeVariants=" + variants,
        "--metaSteps=4",
        "--metaBatch=2",
        "--innerSteps=2",
        "--checkpointEvery=2",
        "--outerLr=5e-4",
        "--deterministic=true");
  }

  @Test
  void primesOnFlinkWithParallelismTwoLikeOnTheDirectRunner() throws Exception {
    String[] flink = PrimerCall.FLINK.toArray(String[]::new);
    List<String> upstream = new ArrayList<>(List.of("run"));
    upstream.addAll(DemoWorkflow.stageVocabEncode(temp, "flink", flink));
    assertEquals(0, cli.run(upstream), cli.err());
    Path run = temp.resolve("runs/flink");
    List<String> episodes =
        List.of(
            "episodes",
            "--runRoot=" + temp.resolve("runs"),
            "--runId=flink",
            "--sourceLangs=en,de,fr",
            "--targetLangs=sw",
            "--supportSize=8",
            "--querySize=8",
            "--episodes=8",
            "--episodesPerFile=3");
    assertEquals(0, cli.run(with(episodes, flink)), cli.err());
    List<String> pretrain =
        List.of(
            "pretrain",
            "--runRoot=" + temp.resolve("runs"),
            "--runId=flink",
            "--pretrainSteps=10",
            "--pretrainLogEvery=5",
            "--deterministic=true");
    assertEquals(0, cli.run(with(pretrain, flink)), cli.err());
    assertEquals(0, cli.run(with(prime("flink", "primed,multitask"), flink)), cli.err());
    Manifest manifest = Manifest.fromJson(Files.readString(run.resolve("prime/_MANIFEST.json")));
    assertEquals("FlinkRunner", manifest.versions.get("runner"));
    assertEquals(4, manifest.counts.get("multitask").get("meta_steps").asInt());

    Path direct = temp.resolve("runs/direct");
    for (String stage : List.of("stage", "vocab", "encode", "episodes", "pretrain")) {
      PretrainPrimeDirectRunnerTest.copyTree(run.resolve(stage), direct.resolve(stage));
    }
    assertEquals(0, cli.run(prime("direct", "primed")), cli.err());
    assertArrayEquals(
        Files.readAllBytes(RunFiles.committed(direct, "prime/primed/checkpoint/model.safetensors")),
        Files.readAllBytes(RunFiles.committed(run, "prime/primed/checkpoint/model.safetensors")),
        "the same priming on Flink (beside another variant) and on the DirectRunner");
  }
}

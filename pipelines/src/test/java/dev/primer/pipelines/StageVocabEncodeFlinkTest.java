package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.primer.io.Manifest;
import dev.primer.io.StageArtifacts;
import dev.primer.schemas.EncodedSentence;
import dev.primer.schemas.Sentence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.extensions.avro.io.AvroIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * stage → vocab → encode through the launcher on an embedded Flink cluster with two parallel
 * subtasks; outputs checked with PAssert on Flink, and against the figures the DirectRunner test
 * asserts. The three stages run on one cluster ({@link EmbeddedFlinkCluster}), and their output
 * equals that of the same stages each on its own cluster ({@code --flinkClusterPerRun=false}).
 */
class StageVocabEncodeFlinkTest {

  @TempDir Path temp;

  private final PrimerCall cli = new PrimerCall();

  @Test
  void runsOnEmbeddedFlinkWithParallelismTwo() throws Exception {
    List<String> args = new ArrayList<>();
    args.add("run");
    args.addAll(
        DemoWorkflow.stageVocabEncode(temp, "flink", PrimerCall.FLINK.toArray(String[]::new)));
    assertEquals(0, cli.run(args), cli.err());
    EmbeddedFlinkCluster.Summary cluster = EmbeddedFlinkCluster.lastClosed().orElseThrow();
    assertEquals(
        List.of("primer-flink-stage", "primer-flink-vocab", "primer-flink-encode"),
        cluster.jobs(),
        "every stage's job ran on the run's one cluster");
    assertEquals(2, cluster.slots());

    // The same command and corpus files, each stage on its own cluster.
    List<String> perStage = new ArrayList<>(args);
    perStage.replaceAll(arg -> arg.equals("--runId=flink") ? "--runId=perstage" : arg);
    perStage.add("--flinkClusterPerRun=false");
    assertEquals(0, cli.run(perStage), cli.err());
    assertEquals(cluster, EmbeddedFlinkCluster.lastClosed().orElseThrow(), "no cluster per run");
    for (String name : List.of("stage", "vocab", "encode")) {
      Map<String, String> expected =
          new TreeMap<>(
              CommittedFiles.fingerprints(temp.resolve("runs/perstage"), name, Set.of("runId")));
      Map<String, String> actual =
          new TreeMap<>(
              CommittedFiles.fingerprints(temp.resolve("runs/flink"), name, Set.of("runId")));
      // deadletters.jsonl's line order follows the parallel subtasks: compared as sorted lines.
      if (expected.remove("deadletters.jsonl") != null) {
        assertNotNull(actual.remove("deadletters.jsonl"));
        assertEquals(
            sortedLines(
                RunFiles.committed(temp.resolve("runs/perstage"), name + "/deadletters.jsonl")),
            sortedLines(
                RunFiles.committed(temp.resolve("runs/flink"), name + "/deadletters.jsonl")));
      }
      assertEquals(
          expected, actual, name + ": one cluster per run gives the same output as one per stage");
    }

    Path run = temp.resolve("runs/flink");
    Manifest stage = Manifest.fromJson(Files.readString(run.resolve("stage/_MANIFEST.json")));
    assertEquals("FlinkRunner", stage.versions.get("runner"));
    assertEquals(DemoWorkflow.DEAD_LETTERS, stage.deadLetters.total);

    FlinkPipelineOptions options = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    options.setRunner(FlinkRunner.class);
    options.setFlinkMaster("[local]");
    options.setParallelism(2);
    Pipeline verify = Pipeline.create(options);
    PAssert.that(
            verify
                .apply(
                    "ReadSentences",
                    AvroIO.read(Sentence.class)
                        .from(
                            StageArtifacts.allPartitions(
                                RunFiles.committed(run, "stage/sentences").toString())))
                .apply(
                    "LangSplit", MapElements.into(TypeDescriptors.strings()).via(s -> s.getSplit()))
                .apply("CountSplits", Count.perElement()))
        .containsInAnyOrder(
            KV.of("train", (long) (4 * DemoWorkflow.PANX_TRAIN + 2 * DemoWorkflow.CONLL_TRAIN)),
            KV.of("dev", (long) (6 * DemoWorkflow.DEV)));
    PAssert.that(
            verify
                .apply(
                    "ReadEncoded",
                    AvroIO.read(EncodedSentence.class)
                        .from(
                            StageArtifacts.allPartitions(
                                RunFiles.committed(run, "encode/encoded").toString())))
                .apply(
                    "Labelled",
                    MapElements.into(TypeDescriptors.longs())
                        .via(e -> e.getLabelIds().stream().filter(l -> l != -100).count()))
                .apply("SumLabels", org.apache.beam.sdk.transforms.Sum.longsGlobally()))
        .containsInAnyOrder(stage.counts.get("total").get("tokens").asLong());
    verify.run().waitUntilFinish();
  }

  private static List<String> sortedLines(Path file) throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.sort(null);
    return lines;
  }
}

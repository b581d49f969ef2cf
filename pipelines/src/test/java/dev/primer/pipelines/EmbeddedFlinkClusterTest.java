package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.flink.api.java.ExecutionEnvironment;
import org.apache.flink.api.java.LocalEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run's embedded Flink cluster ({@link EmbeddedFlinkCluster}) is started only for Flink {@code
 * [local]}, points Beam's {@code [auto]} at itself while open, and is stopped with the user's
 * {@code --flinkMaster} restored when a run ends, also on a user error in a stage. (That all stages
 * of a run share it, with the same output as a cluster per stage: {@link
 * StageVocabEncodeFlinkTest}.)
 */
class EmbeddedFlinkClusterTest {

  @TempDir Path temp;

  private static FlinkPipelineOptions flink(String master) {
    FlinkPipelineOptions options = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    options.setRunner(FlinkRunner.class);
    options.setFlinkMaster(master);
    options.setParallelism(2);
    return options;
  }

  @Test
  void startsOnlyForLocalFlinkAndStopsWithMasterRestored() throws Exception {
    assertEquals(Optional.empty(), EmbeddedFlinkCluster.start(PipelineOptionsFactory.create()));
    assertEquals(Optional.empty(), EmbeddedFlinkCluster.start(flink("localhost:8081")));
    FlinkPipelineOptions off = flink("[local]");
    off.as(EmbeddedFlinkOptions.class).setFlinkClusterPerRun(false);
    assertEquals(Optional.empty(), EmbeddedFlinkCluster.start(off));

    FlinkPipelineOptions options = flink("[local]");
    try (EmbeddedFlinkCluster cluster = EmbeddedFlinkCluster.start(options).orElseThrow()) {
      assertEquals("[auto]", options.getFlinkMaster());
      ExecutionEnvironment environment = ExecutionEnvironment.getExecutionEnvironment();
      assertEquals(2, environment.getParallelism());
      assertTrue(
          !(environment instanceof LocalEnvironment), "Beam's [auto] gets the cluster's context");
      assertThrows(IllegalStateException.class, () -> EmbeddedFlinkCluster.start(flink("[local]")));
    }
    assertEquals("[local]", options.getFlinkMaster());
    assertInstanceOf(LocalEnvironment.class, ExecutionEnvironment.getExecutionEnvironment());
    assertEquals(List.of(), EmbeddedFlinkCluster.lastClosed().orElseThrow().jobs());
  }

  @Test
  void stoppedWhenAStageFailsWithAUserError() throws Exception {
    EmbeddedFlinkCluster.Summary before = EmbeddedFlinkCluster.lastClosed().orElse(null);
    List<String> args = new ArrayList<>(List.of("run", "--stages=stage,vocab"));
    args.add("--runRoot=" + temp.resolve("runs"));
    args.add("--runId=bad");
    args.add("--corpus=panx:" + temp.resolve("missing") + "/train-*.tsv");
    args.addAll(PrimerCall.FLINK);
    PrimerCall cli = new PrimerCall();
    assertEquals(2, cli.run(args), cli.err());
    EmbeddedFlinkCluster.Summary after = EmbeddedFlinkCluster.lastClosed().orElseThrow();
    assertNotSame(before, after, "the run started a cluster and closed it");
    assertEquals(List.of(), after.jobs());
    assertInstanceOf(LocalEnvironment.class, ExecutionEnvironment.getExecutionEnvironment());
    // The control: without Flink no cluster is started, so the summary stays the same.
    args.removeAll(PrimerCall.FLINK);
    assertEquals(2, cli.run(args), cli.err());
    assertSame(after, EmbeddedFlinkCluster.lastClosed().orElseThrow());
  }
}

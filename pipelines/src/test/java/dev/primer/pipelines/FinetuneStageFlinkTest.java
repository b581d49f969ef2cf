package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.primer.io.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * finetune on an embedded Flink cluster with two parallel subtasks (in one JVM, so the two training
 * DoFns take turns): every task yields exactly one outcome, and in deterministic mode the results
 * equal the DirectRunner's bit for bit.
 */
class FinetuneStageFlinkTest {

  @TempDir Path temp;

  private final PrimerCall cli = new PrimerCall();

  @Test
  void oneOutcomePerTaskOnFlinkWithParallelismTwoEqualToDirectRunner() throws Exception {
    List<String> upstream = new ArrayList<>(List.of("run"));
    upstream.addAll(DemoWorkflow.stageVocabEncode(temp, "flink"));
    assertEquals(0, cli.run(upstream), cli.err());
    Path run = temp.resolve("runs/flink");
    FinetuneWorkflow.writeBases(run, List.of("primed"));

    List<String> direct = new ArrayList<>(List.of("finetune"));
    direct.addAll(FinetuneWorkflow.quickFlags(temp, "flink"));
    assertEquals(0, cli.run(direct), cli.err());
    JsonNode directOutcomes = outcomes(run);

    List<String> flink = new ArrayList<>(direct);
    flink.add("--force=true");
    flink.addAll(PrimerCall.FLINK);
    assertEquals(0, cli.run(flink), cli.err());

    Manifest m = Manifest.fromJson(Files.readString(run.resolve("finetune/_MANIFEST.json")));
    assertEquals("FlinkRunner", m.versions.get("runner"));
    assertEquals(12, m.counts.get("succeeded").asInt());
    JsonNode flinkOutcomes = outcomes(run);
    assertEquals(FinetuneStageDirectRunnerTest.TASKS.size(), flinkOutcomes.size());
    for (Iterator<String> it = directOutcomes.fieldNames(); it.hasNext(); ) {
      String id = it.next();
      assertEquals(directOutcomes.get(id), flinkOutcomes.get(id), id);
    }
  }

  private static JsonNode outcomes(Path run) throws Exception {
    return Manifest.mapper()
        .readTree(Files.readString(RunFiles.committed(run, "finetune/tasks.json")));
  }
}

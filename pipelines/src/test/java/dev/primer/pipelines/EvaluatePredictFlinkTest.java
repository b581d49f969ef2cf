package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.primer.io.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * evaluate and predict on an embedded Flink cluster with two parallel subtasks: evaluate gives the
 * DirectRunner's figures, predict tags every good line and dead-letters the bad ones.
 */
class EvaluatePredictFlinkTest {

  @TempDir Path temp;

  private final PrimerCall cli = new PrimerCall();

  @Test
  void evaluateAndPredictOnFlinkWithParallelismTwo() throws Exception {
    List<String> upstream = new ArrayList<>(List.of("run"));
    upstream.addAll(DemoWorkflow.stageVocabEncode(temp, "flink"));
    assertEquals(0, cli.run(upstream), cli.err());
    Path run = temp.resolve("runs/flink");
    FinetuneWorkflow.writeBases(run, List.of());
    List<String> finetune = new ArrayList<>(List.of("finetune"));
    finetune.addAll(
        FinetuneWorkflow.quickFlags(
            temp, "flink", "--targetLangs=sw,de", "--settings=unprimed", "--seeds=1"));
    assertEquals(0, cli.run(finetune), cli.err());
    List<String> flink = PrimerCall.FLINK;

    List<String> evaluate =
        new ArrayList<>(
            List.of(
                "evaluate",
                "--runRoot=" + temp.resolve("runs"),
                "--runId=flink",
                "--evalBatchSize=8",
                "--deterministic=true"));
    assertEquals(0, cli.run(evaluate), cli.err());
    JsonNode direct = evaluations(run);
    evaluate.add("--force=true");
    evaluate.addAll(flink);
    assertEquals(0, cli.run(evaluate), cli.err());
    Manifest m = Manifest.fromJson(Files.readString(run.resolve("evaluate/_MANIFEST.json")));
    assertEquals("FlinkRunner", m.versions.get("runner"));
    assertEquals(2, m.counts.get("evaluations").asInt());
    assertEquals(direct, evaluations(run));

    Path input = temp.resolve("in.jsonl");
    Files.writeString(
        input,
        "{\"lang\":\"sw\",\"text\":\"Juma alienda Nairobi.\"}\n"
            + "{\"lang\":\"de\",\"text\":\"Angela Merkel besuchte München.\"}\n"
            + "{\"lang\":\"fr\",\"text\":\"Marie habite à Paris.\"}\n"
            + "{\"lang\":\"sw\",\"text\":\"   \"}\n");
    List<String> predict =
        new ArrayList<>(
            List.of(
                "predict",
                "--runRoot=" + temp.resolve("runs"),
                "--runId=flink",
                "--predictInput=jsonl:" + input));
    predict.addAll(flink);
    assertEquals(0, cli.run(predict), cli.err());
    Manifest p = Manifest.fromJson(Files.readString(run.resolve("predict/_MANIFEST.json")));
    assertEquals(2, p.counts.get("predictions").asInt());
    assertEquals(2, p.deadLetters.total);
    assertTrue(Files.isDirectory(RunFiles.committed(run, "predict/jsonl/lang=de")));
  }

  private static JsonNode evaluations(Path run) throws Exception {
    return Manifest.mapper()
        .readTree(Files.readString(RunFiles.committed(run, "evaluate/evaluations.json")));
  }
}

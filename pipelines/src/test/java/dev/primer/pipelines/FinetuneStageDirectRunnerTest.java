package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import dev.primer.schemas.Metric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * stage -> vocab -> encode on the demo corpus, tiny stand-in base checkpoints, then finetune
 * through the launcher on the DirectRunner.
 */
class FinetuneStageDirectRunnerTest {

  @TempDir static Path temp;
  static Path run;
  static int status;
  static String errors;
  private static final PrimerCall CLI = new PrimerCall();

  @BeforeAll
  static void runStages() throws Exception {
    assertEquals(0, primer(prepend("run", DemoWorkflow.stageVocabEncode(temp, "direct"))), errors);
    run = temp.resolve("runs/direct");
    FinetuneWorkflow.writeBases(run, List.of("primed"));
    List<String> args = new ArrayList<>();
    args.add("finetune");
    args.addAll(FinetuneWorkflow.quickFlags(temp, "direct"));
    status = primer(args.toArray(String[]::new));
  }

  static int primer(String... args) {
    int s = CLI.run(args);
    errors = CLI.err();
    return s;
  }

  private static String[] prepend(String command, List<String> args) {
    List<String> all = new ArrayList<>();
    all.add(command);
    all.addAll(args);
    return all.toArray(String[]::new);
  }

  static final List<String> TASKS =
      List.of(
          "de/full/full/seed=1",
          "de/full/full/seed=2",
          "de/primed/adapter-houlsby/seed=1",
          "de/primed/adapter-houlsby/seed=2",
          "de/unprimed/adapter-houlsby/seed=1",
          "de/unprimed/adapter-houlsby/seed=2",
          "sw/full/full/seed=1",
          "sw/full/full/seed=2",
          "sw/primed/adapter-houlsby/seed=1",
          "sw/primed/adapter-houlsby/seed=2",
          "sw/unprimed/adapter-houlsby/seed=1",
          "sw/unprimed/adapter-houlsby/seed=2");

  @Test
  void manifestRecordsTasksSeedsAndBaseCheckpoints() throws Exception {
    assertEquals(0, status, errors);
    Manifest m = Manifest.fromJson(Files.readString(run.resolve("finetune/_MANIFEST.json")));
    assertEquals(12, m.counts.get("tasks").asInt());
    assertEquals(12, m.counts.get("succeeded").asInt());
    assertEquals(0, m.counts.get("failed").asInt());
    assertEquals(TASKS, Manifest.mapper().convertValue(m.counts.get("taskIds"), List.class));
    assertEquals(List.of(1, 2), Manifest.mapper().convertValue(m.counts.get("seeds"), List.class));
    for (String upstream : List.of("encode", "vocab", "pretrain", "prime")) {
      assertTrue(m.upstream.containsKey(upstream), upstream);
    }
    JsonNode bases = m.counts.get("baseCheckpoints");
    for (String setting : List.of("full", "unprimed", "primed")) {
      Path json =
          setting.equals("primed")
              ? RunFiles.committed(run, "prime/primed/checkpoint/checkpoint.json")
              : RunFiles.committed(run, "pretrain/checkpoint/checkpoint.json");
      String sha = ResourceIO.sha256(Files.readAllBytes(json));
      assertEquals(sha, bases.get(setting).get("checkpointJsonSha256").asText(), setting);
      assertTrue(
          m.inputs.stream().anyMatch(i -> i.uri.endsWith(json.toString()) && i.sha256.equals(sha)),
          setting);
    }
    assertEquals(2, m.inputs.size(), "one per distinct base checkpoint");
    assertEquals(0, m.deadLetters.total);
  }

  @Test
  void everyTaskWroteItsCheckpointResultAndFinalMetric() throws Exception {
    assertEquals(0, status, errors);
    JsonNode outcomes =
        Manifest.mapper()
            .readTree(Files.readString(RunFiles.committed(run, "finetune/tasks.json")));
    assertEquals(TASKS.size(), outcomes.size());
    Map<String, Double> finalF1 = new HashMap<>();
    try (Stream<Path> files = Files.list(RunFiles.committed(run, "finetune/metrics"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".avro")).toList()) {
        try (DataFileReader<Metric> reader =
            new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(Metric.class))) {
          for (Metric metric : reader) {
            assertEquals("finetune", metric.getStage());
            assertEquals("direct", metric.getRunId());
            if (metric.getStep() == -1
                && metric.getName().equals("f1")
                && metric.getSplit().equals("dev")) {
              assertEquals(
                  null, finalF1.put(metric.getTask(), metric.getValue()), metric.getTask());
            }
          }
        }
      }
    }
    assertEquals(TASKS.size(), finalF1.size());
    for (String id : TASKS) {
      Path dir = RunFiles.committed(run, "finetune/tasks").resolve(id);
      JsonNode result = Manifest.mapper().readTree(Files.readString(dir.resolve("result.json")));
      assertEquals(finalF1.get(id), result.path("dev").path("f1").asDouble(), id);
      assertEquals(finalF1.get(id), outcomes.get(id).path("devF1").asDouble(), id);
      assertEquals(8, result.path("training").path("steps").asInt(), id);
      String checkpoint = id.contains("/full/") ? "full" : "peft";
      assertTrue(Files.exists(dir.resolve(checkpoint).resolve("checkpoint.json")), id);
      assertEquals(16, result.path("dev").path("sentences").asInt(), id);
    }
  }

  @Test
  void aRerunWithTheSameOptionsIsUpToDate() {
    List<String> args = new ArrayList<>();
    args.add("finetune");
    args.addAll(FinetuneWorkflow.quickFlags(temp, "direct"));
    PrimerCall rerun = new PrimerCall();
    assertEquals(0, rerun.run(args));
    assertTrue(rerun.out().contains("up to date"), rerun.out());
  }

  @Test
  void missingBaseCheckpointsNameTheStageToRun() throws Exception {
    assertEquals(0, status, errors);
    List<String> args = new ArrayList<>(List.of("finetune"));
    args.addAll(FinetuneWorkflow.quickFlags(temp, "direct", "--settings=unprimed,maml-all"));
    assertEquals(2, primer(args.toArray(String[]::new)), errors);
    assertTrue(errors.contains("--primeVariants=maml-all"), errors);
    assertTrue(errors.lines().noneMatch(l -> l.strip().startsWith("at ")), errors);
  }

  @Test
  void primedTargetsMustNotBePrimingSources() throws Exception {
    assertEquals(0, status, errors);
    Path episodes = run.resolve("episodes/_MANIFEST.json");
    Manifest m = new Manifest();
    m.stage = "episodes";
    m.cacheKey = "test";
    m.counts.set("sourceLangs", Manifest.toTree(List.of("sw", "en")));
    m.counts.set("targetLangs", Manifest.toTree(List.of("de")));
    Files.createDirectories(episodes.getParent());
    Files.writeString(episodes, m.toJson());
    try {
      List<String> args = new ArrayList<>(List.of("finetune"));
      args.addAll(FinetuneWorkflow.quickFlags(temp, "direct"));
      assertEquals(2, primer(args.toArray(String[]::new)), errors);
      assertTrue(errors.contains("sw is a priming source language"), errors);
    } finally {
      Files.delete(episodes);
    }
  }

  @Test
  void failedTasksFailTheStageUnlessAllowed() throws Exception {
    assertEquals(0, status, errors);
    Path broken = temp.resolve("runs/broken");
    FinetuneWorkflow.copyStages(run, broken, "stage", "vocab", "encode", "pretrain");
    // a hand-made prime stage in the layout of runs written before attempts (no attempt)
    Path corrupt = broken.resolve("prime/corrupt/checkpoint");
    FinetuneWorkflow.copyStages(
        RunFiles.committed(broken, "pretrain"), broken.resolve("prime/corrupt"), "checkpoint");
    FinetuneWorkflow.writeManifest(broken, "prime");
    byte[] weights = Files.readAllBytes(corrupt.resolve("model.safetensors"));
    weights[weights.length - 5] ^= 0x55;
    Files.write(corrupt.resolve("model.safetensors"), weights);

    List<String> args = new ArrayList<>(List.of("finetune"));
    args.addAll(FinetuneWorkflow.quickFlags(temp, "broken", "--settings=unprimed,corrupt"));
    assertEquals(1, primer(args.toArray(String[]::new)), errors);
    assertTrue(errors.contains("4 of 8 fine-tuning tasks failed"), errors);
    assertTrue(errors.contains("corrupt"), errors);
    assertTrue(Files.notExists(broken.resolve("finetune/_MANIFEST.json")));
    // the failed attempt, which no manifest names, holds the dead letters
    Path failedAttempt = RunFiles.onlyAttempt(broken.resolve("finetune"));
    assertEquals(4, Files.readAllLines(failedAttempt.resolve("deadletters.jsonl")).size());

    args.add("--allowFailedTasks=true");
    assertEquals(0, primer(args.toArray(String[]::new)), errors);
    assertTrue(Files.notExists(failedAttempt), "the rerun removed the abandoned attempt");
    Manifest m = Manifest.fromJson(Files.readString(broken.resolve("finetune/_MANIFEST.json")));
    assertEquals(4, m.counts.get("succeeded").asInt());
    assertEquals(4, m.counts.get("failed").asInt());
    assertEquals(4, m.deadLetters.total);
    assertEquals(4L, m.deadLetters.byReason.get("TASK_FAILED"));
    for (JsonNode failed : m.counts.get("failedTasks")) {
      assertTrue(
          failed.asText().startsWith("sw/corrupt/") || failed.asText().startsWith("de/corrupt/"),
          failed.asText());
    }
  }

  @Test
  void aBaseOfAnotherVocabularyIsAUserError() throws Exception {
    assertEquals(0, status, errors);
    Path other = temp.resolve("runs/vocab-mismatch");
    FinetuneWorkflow.copyStages(run, other, "stage", "vocab", "encode", "pretrain");
    FinetuneWorkflow.writeBase(
        dev.primer.learn.model.EncoderConfig.builder()
            .setVocabSize(50)
            .setHiddenSize(32)
            .setNumLayers(1)
            .setNumHeads(4)
            .setIntermediateSize(64)
            .setMaxPositions(64)
            .build(),
        other.resolve("prime/small/checkpoint"),
        3);
    FinetuneWorkflow.writeManifest(other, "prime");
    List<String> args = new ArrayList<>(List.of("finetune"));
    args.addAll(FinetuneWorkflow.quickFlags(temp, "vocab-mismatch", "--settings=small"));
    assertEquals(2, primer(args.toArray(String[]::new)), errors);
    assertTrue(errors.contains("vocabulary of 50"), errors);
  }
}

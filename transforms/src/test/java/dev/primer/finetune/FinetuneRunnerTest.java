package dev.primer.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.primer.learn.CheckpointLoader;
import dev.primer.learn.CheckpointSaver;
import dev.primer.learn.LoadOptions;
import dev.primer.learn.checkpoint.CheckpointKind;
import dev.primer.learn.checkpoint.CheckpointReader;
import dev.primer.learn.checkpoint.LocalCheckpointStore;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.peft.FinetuneMethod;
import dev.primer.learn.peft.PeftMethod;
import dev.primer.learn.testing.TinyModels;
import dev.primer.learn.train.TaggerTrainer;
import dev.primer.learn.train.TaggingEvaluation;
import dev.primer.learn.util.TorchOps;
import dev.primer.schemas.EncodedSentence;
import dev.primer.schemas.Metric;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One task end to end: base checkpoint in, PEFT-only (or full) checkpoint and result.json out. */
class FinetuneRunnerTest {

  @TempDir static Path root;
  static Path base;

  @BeforeAll
  static void data() throws Exception {
    base = root.resolve("pretrain/checkpoint");
    FinetuneFixtures.writeBase(base, 11);
    FinetuneFixtures.writeLanguage(root.resolve("encoded"), "xx", 240, 48, 41);
    FinetuneFixtures.writeLanguage(root.resolve("encoded"), "yy", 40, 0, 43);
  }

  private static FinetuneTask task(String method, long seed) {
    String setting = method.equals("full") ? "full" : "unprimed";
    return new FinetuneTask("xx", setting, method, seed, base.toString());
  }

  private static double reloadedF1(EncoderModel model) throws Exception {
    List<EncodedSentence> dev = EncodedData.read(root.resolve("encoded").toString(), "xx", "dev");
    TaggingEvaluation e =
        TaggerTrainer.evaluate(
            model, dev, EntityScores.microF1(dev, FinetuneFixtures.LABELS), 16, 0);
    return e.score();
  }

  @Test
  void peftTaskImprovesDevF1AndItsCheckpointReproducesItOnTheBase() throws Exception {
    FinetuneTask task = task("adapter-houlsby", 1);
    FinetuneRunner.Result result =
        new FinetuneRunner(FinetuneFixtures.settings(root, 0, 90, 30)).run(task);

    assertTrue(result.outcome().succeeded());
    double f1 = result.outcome().devF1();
    JsonNode json = readResult(task);
    assertEquals(f1, json.path("dev").path("f1").asDouble());
    assertTrue(
        f1 > json.path("dev").path("f1Untrained").asDouble() + 0.2,
        "dev F1 " + json.path("dev").path("f1Untrained") + " -> " + f1);
    assertEquals(f1, TaskTrainingTest.value(result.metrics(), "dev", -1, "f1"));
    assertEquals(4, json.path("curve").size(), json.path("curve").toString());
    assertEquals("peft/", json.path("checkpoint").path("location").asText());
    assertEquals("peft", json.path("checkpoint").path("kind").asText());
    assertFalse(json.path("initialisation").path("peftFromBase").asBoolean());
    assertFalse(json.path("initialisation").path("classifierFromBase").asBoolean());

    Path dir = root.resolve("tasks/xx/unprimed/adapter-houlsby/seed=1");
    assertTrue(Files.exists(dir.resolve("peft/checkpoint.json")));
    assertFalse(Files.exists(dir.resolve("peft/model.safetensors")));
    assertTrue(
        Files.size(dir.resolve("peft/peft.safetensors"))
            < Files.size(base.resolve("model.safetensors")) / 2);
    try (NDManager manager = NDManager.newBaseManager()) {
      CheckpointLoader.Loaded loaded =
          CheckpointLoader.loadWithPeft(
              new LocalCheckpointStore(base),
              new LocalCheckpointStore(dir.resolve("peft")),
              manager,
              DataType.FLOAT32);
      assertEquals(PeftMethod.HOULSBY, loaded.model().peft().method());
      assertEquals(FinetuneFixtures.LABELS, loaded.labels());
      assertEquals(f1, reloadedF1(loaded.model()));
    }
  }

  @Test
  void fullTaskSavesTheWholeModelWhichReproducesItsF1() throws Exception {
    FinetuneTask task = task("full", 2);
    FinetuneRunner.Result result =
        new FinetuneRunner(FinetuneFixtures.settings(root, 0, 60, 30)).run(task);
    JsonNode json = readResult(task);
    assertEquals("full/", json.path("checkpoint").path("location").asText());
    assertEquals(
        json.path("training").path("totalParameters").asLong(),
        json.path("training").path("trainableParameters").asLong());
    Path full = root.resolve("tasks/xx/full/full/seed=2/full");
    try (NDManager manager = NDManager.newBaseManager()) {
      CheckpointLoader.Loaded loaded =
          CheckpointLoader.load(new LocalCheckpointStore(full), manager, LoadOptions.defaults());
      assertEquals(result.outcome().devF1(), reloadedF1(loaded.model()));
    }
  }

  @Test
  void sameTaskTwiceGivesTheSameResultAndFewShotTrainsOnNSentences() throws Exception {
    FinetuneSettings settings = FinetuneFixtures.settings(root, 24, 20, 10);
    FinetuneTask task = task("lora", 3);
    FinetuneRunner runner = new FinetuneRunner(settings);
    FinetuneRunner.Result first = runner.run(task);
    String weights = readResult(task).path("checkpoint").path("weightsSha256").asText();
    FinetuneRunner.Result second = runner.run(task);
    assertEquals(first.outcome(), second.outcome());
    assertEquals(weights, readResult(task).path("checkpoint").path("weightsSha256").asText());
    assertEquals(24, TaskTrainingTest.value(second.metrics(), "train", -1, "sentences"));
    assertEquals(24, readResult(task).path("training").path("sentences").asInt());
    List<Double> curve =
        second.metrics().stream()
            .filter(m -> m.getSplit().equals("dev") && m.getName().equals("f1") && m.getStep() >= 0)
            .map(Metric::getValue)
            .toList();
    assertEquals(3, curve.size(), "steps 0, 10, 20");
  }

  @Test
  void aLanguageWithoutDevDataIsRefused() {
    FinetuneTask task = new FinetuneTask("yy", "unprimed", "bitfit", 1, base.toString());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new FinetuneRunner(FinetuneFixtures.settings(root, 0, 10, 5)).run(task));
    assertTrue(e.getMessage().contains("0 dev"), e.getMessage());
  }

  /**
   * result.json's text stays what the ObjectNode-built file was (pinned from that code): a PEFT
   * task and a full one, the base's temporary path, the hash of its checkpoint.json (which varies
   * with the fixture's run) and the wall time normalised.
   */
  @Test
  void resultJsonKeepsItsPinnedText() throws Exception {
    FinetuneRunner runner = new FinetuneRunner(FinetuneFixtures.settings(root, 0, 20, 10));
    for (FinetuneTask task : List.of(task("lora", 5), task("full", 5))) {
      runner.run(task);
      String actual = normalisedResult(task);
      assertEquals(pinned("result-" + task.method() + ".json"), actual, task.id());
    }
    FinetuneTask other = task("lora", 6);
    runner.run(other);
    assertNotEquals(pinned("result-lora.json"), normalisedResult(other), "control: another seed");
  }

  private static String normalisedResult(FinetuneTask task) throws Exception {
    return Files.readString(root.resolve("tasks").resolve(task.id()).resolve("result.json"))
        .replace(base.toString(), "<base>")
        .replaceAll("\"seconds\" : [0-9.Ee+-]+", "\"seconds\" : 0.0")
        .replaceAll(
            "\"checkpointJsonSha256\" : \"[0-9a-f]+\"", "\"checkpointJsonSha256\" : \"<sha256>\"");
  }

  private static String pinned(String name) throws Exception {
    try (InputStream in = FinetuneRunnerTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static JsonNode readResult(FinetuneTask task) throws Exception {
    return new ObjectMapper()
        .readTree(root.resolve("tasks").resolve(task.id()).resolve("result.json").toFile());
  }

  @Test
  void primedPeftParametersAndHeadAreTheStartingPointWhenTheyFit() throws Exception {
    FinetuneSettings settings =
        TaskRunnerFixtures.settings(
                root.toString(),
                FinetuneFixtures.LABELS,
                0,
                TaskRunnerFixtures.training(2, 1, 0)
                    .setLearningRate(1e-9)
                    .setWeightDecay(0.0)
                    .build())
            .fullLearningRate(1e-9)
            .build();
    Path primed = root.resolve("prime/primed-with-init/checkpoint");
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel model =
          EncoderModel.builder()
              .setConfig(TinyModels.config())
              .optPeft(settings.peftConfig(FinetuneMethod.ADAPTER_HOULSBY))
              .optTokenClassifier(FinetuneFixtures.LABELS.size())
              .optMaskedLm()
              .build();
      model.initialize(manager, DataType.FLOAT32);
      for (var slot : model.tensorSlots()) {
        if (slot.name().contains(".adapter.") || slot.name().startsWith("classifier.")) {
          TorchOps.copyInto(
              slot.parameter().getArray(),
              manager.randomNormal(0, 0.5f, slot.shape(), DataType.FLOAT32));
        }
      }
      CheckpointSaver.saveFull(
          model,
          new LocalCheckpointStore(primed),
          CheckpointKind.BASE,
          FinetuneFixtures.LABELS,
          Map.of());
    }
    FinetuneTask adapters =
        new FinetuneTask("xx", "primed-with-init", "adapter-houlsby", 1, primed.toString());
    new FinetuneRunner(settings).run(adapters);
    assertTrue(readResult(adapters).path("initialisation").path("peftFromBase").asBoolean());
    assertTrue(readResult(adapters).path("initialisation").path("classifierFromBase").asBoolean());
    var base = CheckpointReader.read(new LocalCheckpointStore(primed));
    var tuned =
        CheckpointReader.read(
            new LocalCheckpointStore(root.resolve("tasks").resolve(adapters.id()).resolve("peft")));
    int compared = 0;
    for (String name : tuned.tensors().names()) {
      if (name.contains(".adapter.") || name.startsWith("classifier.")) {
        float[] a = base.tensors().require(name).floats();
        float[] b = tuned.tensors().require(name).floats();
        for (int i = 0; i < a.length; i++) {
          assertEquals(a[i], b[i], 1e-4, name);
        }
        compared++;
      }
    }
    assertEquals(
        2 * 2 * 4 + 2, compared, "2 layers x 2 adapters x (down, up) x (weight, bias), head");

    FinetuneTask lora = new FinetuneTask("xx", "primed-with-init", "lora", 1, primed.toString());
    new FinetuneRunner(settings).run(lora);
    assertFalse(readResult(lora).path("initialisation").path("peftFromBase").asBoolean());
    assertTrue(readResult(lora).path("initialisation").path("classifierFromBase").asBoolean());
  }
}

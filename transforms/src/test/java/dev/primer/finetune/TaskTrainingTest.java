package dev.primer.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.primer.learn.model.EncoderConfig;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.peft.FinetuneMethod;
import dev.primer.learn.peft.PeftMethod;
import dev.primer.learn.testing.Sentences;
import dev.primer.learn.testing.TinyModels;
import dev.primer.schemas.EncodedSentence;
import dev.primer.schemas.Metric;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fine-tuning a tiny tagger on synthetic entities improves dev F1 and records its curve. */
class TaskTrainingTest {

  static final List<String> LABELS = List.of("O", "B-LOC", "I-LOC", "B-PER", "I-PER");

  @Test
  void adaptersLearnSyntheticEntitiesAndSelectTheBestEvaluation() {
    Engine.getInstance().setRandomSeed(3);
    EncoderConfig config = TinyModels.config();
    List<EncodedSentence> train = Sentences.synthetic(320, config.vocabSize(), 5, 4, 10, 31);
    List<EncodedSentence> dev = Sentences.synthetic(64, config.vocabSize(), 5, 4, 10, 32);
    FinetuneTask task = new FinetuneTask("xx", "unprimed", "adapter-houlsby", 1, "/base/");
    FinetuneSettings settings = TaskRunnerFixtures.settings(LABELS, 0, 120, 20, 0);
    TaskMetrics metrics = new TaskMetrics("run", task);
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel model =
          TinyModels.tagger(
              manager,
              config,
              settings.peftConfig(FinetuneMethod.ADAPTER_HOULSBY),
              LABELS.size(),
              DataType.FLOAT32);
      assertEquals(PeftMethod.HOULSBY, model.peft().method());
      TaskTraining.Outcome outcome =
          TaskTraining.run(
              model,
              train,
              dev,
              LABELS,
              settings.trainingConfig(task).toBuilder().setLearningRate(2e-2).build(),
              task.id(),
              metrics);

      double f1 = outcome.dev().micro().f1();
      assertTrue(f1 > outcome.initial() + 0.3, "dev F1 " + outcome.initial() + " -> " + f1);
      assertEquals(120, outcome.training().steps());
      // The model holds the best evaluation's parameters: scoring them again gives its F1.
      assertEquals(outcome.training().best().score(), f1);
      assertTrue(outcome.parameters().trainable() < outcome.parameters().total() / 2);

      List<Metric> records = metrics.records();
      assertEquals(f1, value(records, "dev", -1, "f1"));
      assertEquals(outcome.initial(), value(records, "dev", 0, "f1"));
      for (long step = 20; step <= 120; step += 20) {
        value(records, "dev", step, "f1");
        assertTrue(value(records, "train", step, "loss") > 0);
      }
      assertEquals(outcome.bestStep(), (long) value(records, "train", -1, "best_step"));
      assertEquals(320, value(records, "train", -1, "sentences"));
      for (Metric m : records) {
        assertEquals("finetune", m.getStage());
        assertEquals(task.id(), m.getTask());
        assertEquals("adapter-houlsby", m.getMethod());
        assertEquals("unprimed", m.getSetting());
        assertEquals(1L, m.getSeed());
      }
    }
  }

  static double value(List<Metric> records, String split, long step, String name) {
    List<Metric> found =
        records.stream()
            .filter(
                m -> m.getSplit().equals(split) && m.getStep() == step && m.getName().equals(name))
            .toList();
    assertEquals(1, found.size(), split + "/" + step + "/" + name + " in " + records);
    return found.get(0).getValue();
  }
}

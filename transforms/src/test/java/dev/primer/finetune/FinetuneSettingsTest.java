package dev.primer.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.primer.learn.peft.FinetuneMethod;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.train.TrainingConfig;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.jupiter.api.Test;

class FinetuneSettingsTest {

  private static final List<String> LABELS = List.of("O", "B-PER", "I-PER");

  private static FinetuneSettings settings() {
    return TaskRunnerFixtures.settings(
            "/r", LABELS, 0, TaskRunnerFixtures.training(5, 0, 0).build())
        .build();
  }

  @Test
  void aTaskGetsItsSeedAndItsMethodsLearningRate() {
    FinetuneSettings s = settings();
    FinetuneTask lora = new FinetuneTask("xx", "unprimed", "lora", 7, "/base/");
    FinetuneTask full = new FinetuneTask("xx", "full", "full", 9, "/base/");
    assertEquals(7, s.trainingConfig(lora).seed());
    assertEquals(1e-2, s.trainingConfig(lora).learningRate());
    assertEquals(9, s.trainingConfig(full).seed());
    assertEquals(3e-3, s.trainingConfig(full).learningRate());
    assertEquals(5, s.trainingConfig(full).maxSteps());
    assertEquals(PeftConfig.full(), s.peftConfig(FinetuneMethod.FULL));
    assertEquals(8.0, s.peftConfig(FinetuneMethod.LORA).loraAlpha());
    assertEquals("/r/tasks/xx/unprimed/lora/seed=7/", s.taskDirectory(lora));
  }

  @Test
  void survivesJavaSerializationAsTheWorkersReceiveIt() {
    FinetuneSettings s = settings();
    FinetuneSettings copy = SerializableUtils.clone(s);
    FinetuneTask task = new FinetuneTask("xx", "unprimed", "adapter-houlsby", 3, "/base/");
    assertEquals(s.peft(), copy.peft());
    TrainingConfig a = s.trainingConfig(task);
    TrainingConfig b = copy.trainingConfig(task);
    assertEquals(
        List.of(a.maxSteps(), a.batchSize(), a.learningRate(), a.seed(), a.padId(), a.logEvery()),
        List.of(b.maxSteps(), b.batchSize(), b.learningRate(), b.seed(), b.padId(), b.logEvery()));
    assertEquals(s.deterministic(), copy.deterministic());
  }

  @Test
  void refusesAMissingPeftConfigurationAndNonPositiveRates() {
    Map<FinetuneMethod, PeftConfig> noLora = new EnumMap<>(FinetuneMethod.peftConfigs(4, 4, 4));
    noLora.remove(FinetuneMethod.LORA);
    TrainingConfig training = TaskRunnerFixtures.training(5, 0, 0).build();
    assertThrows(
        IllegalArgumentException.class,
        () -> TaskRunnerFixtures.settings("/r", LABELS, 0, training).peft(noLora).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> TaskRunnerFixtures.settings("/r", LABELS, 0, training).fullLearningRate(0).build());
    // control: the same settings with every configuration and a positive rate build
    assertEquals(
        3e-3, TaskRunnerFixtures.settings("/r", LABELS, 0, training).build().fullLearningRate());
  }
}

package dev.primer.finetune;

import dev.primer.learn.peft.FinetuneMethod;
import dev.primer.learn.train.TrainingConfig;
import java.util.List;

/** Settings for tests. */
final class TaskRunnerFixtures {

  private TaskRunnerFixtures() {}

  /**
   * Training of a test task: one epoch or {@code maxSteps} updates, batch 16, lr 1e-2, no warm-up,
   * decay 0.01, pad id 0, deterministic.
   */
  static TrainingConfig.Builder training(long maxSteps, long evalEvery, int patience) {
    return TrainingConfig.builder()
        .setEpochs(1)
        .setMaxSteps(maxSteps)
        .setEvalEvery(evalEvery)
        .setPatience(patience)
        .setBatchSize(16)
        .setLearningRate(1e-2)
        .setWarmupRatio(0.0)
        .setWeightDecay(0.01)
        .setLogEvery(Math.max(1, evalEvery > 0 ? evalEvery : 50))
        .setPadId(0)
        .setSingleThreaded(true);
  }

  /** Settings of test tasks over {@code root}/encoded and {@code root}/tasks; PEFT sizes 4. */
  static FinetuneSettings.Builder settings(
      String root, List<String> labels, int fewShot, TrainingConfig training) {
    return FinetuneSettings.builder()
        .runId("run")
        .encodedDirectory(root + "/encoded")
        .labels(labels)
        .tasksDirectory(root + "/tasks")
        .fewShot(fewShot)
        .training(training)
        .fullLearningRate(3e-3)
        .peft(FinetuneMethod.peftConfigs(4, 4, 4));
  }

  /** Batch 16, lr 1e-2 (full 3e-3), no warm-up, adapters reduction 4, deterministic. */
  static FinetuneSettings settings(
      List<String> labels, int fewShot, long maxSteps, long evalEvery, int patience) {
    return settings("/nowhere", labels, fewShot, training(maxSteps, evalEvery, patience).build())
        .build();
  }
}

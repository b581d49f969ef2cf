package dev.primer.finetune;

import java.util.List;

/** Settings for tests. */
final class TaskRunnerFixtures {

  private TaskRunnerFixtures() {}

  /** Batch 16, lr 1e-2 (full 3e-3), no warm-up, adapters reduction 4, deterministic. */
  static FinetuneSettings settings(
      List<String> labels, int fewShot, long maxSteps, long evalEvery, int patience) {
    return new FinetuneSettings(
        "run",
        "/nowhere/encoded/",
        labels,
        0,
        "/nowhere/tasks/",
        fewShot,
        maxSteps,
        1,
        evalEvery,
        patience,
        16,
        1e-2,
        3e-3,
        0.0,
        0.01,
        4,
        4,
        4,
        true);
  }
}

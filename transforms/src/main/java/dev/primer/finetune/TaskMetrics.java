package dev.primer.finetune;

import dev.primer.io.StageArtifacts;
import dev.primer.schemas.Metric;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Collects the {@link Metric} records of one fine-tuning task, following the shared conventions:
 * stage {@code finetune}, the task id, its setting, method, language and seed; learning-curve rows
 * at {@code step >= 0}, final values at {@code step = -1}.
 */
public final class TaskMetrics {

  /** {@code step} of a final value. */
  public static final long FINAL = -1;

  private final String runId;
  private final FinetuneTask task;
  private final List<Metric> records = new ArrayList<>();

  /** Records for {@code task} of run {@code runId}. */
  public TaskMetrics(String runId, FinetuneTask task) {
    this.runId = runId;
    this.task = task;
  }

  /** Adds one value measured now. */
  public void add(String split, long step, String name, double value) {
    records.add(
        Metric.newBuilder()
            .setRunId(runId)
            .setStage(StageArtifacts.FINETUNE)
            .setTask(task.id())
            .setSetting(task.setting())
            .setMethod(task.method())
            .setLang(task.lang())
            .setSeed(task.seed())
            .setSplit(split)
            .setStep(step)
            .setName(name)
            .setValue(value)
            .setTimeMillis(System.currentTimeMillis())
            .build());
  }

  /** The records so far, in the order added. */
  public List<Metric> records() {
    return Collections.unmodifiableList(records);
  }
}

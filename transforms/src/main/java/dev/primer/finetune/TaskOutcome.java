package dev.primer.finetune;

import java.io.Serializable;

/**
 * The one result every fine-tuning task yields: it completed with a final dev F1, or it failed with
 * a reason.
 *
 * @param task the task id
 * @param lang target language
 * @param setting the setting
 * @param method the method option name
 * @param seed the seed
 * @param succeeded whether the task completed and wrote its checkpoint and {@code result.json}
 * @param devF1 final dev micro F1 (NaN when it failed)
 * @param steps updates done (0 when it failed)
 * @param reason empty on success; else the exception class and message
 */
public record TaskOutcome(
    String task,
    String lang,
    String setting,
    String method,
    long seed,
    boolean succeeded,
    double devF1,
    long steps,
    String reason)
    implements Serializable {

  /** A completed task. */
  public static TaskOutcome succeeded(FinetuneTask task, double devF1, long steps) {
    return new TaskOutcome(
        task.id(), task.lang(), task.setting(), task.method(), task.seed(), true, devF1, steps, "");
  }

  /** A failed task. */
  public static TaskOutcome failed(FinetuneTask task, String reason) {
    return new TaskOutcome(
        task.id(),
        task.lang(),
        task.setting(),
        task.method(),
        task.seed(),
        false,
        Double.NaN,
        0,
        reason);
  }
}

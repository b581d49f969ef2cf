/**
 * The {@code finetune} stage's logic: per-language PEFT (or full) fine-tuning tasks.
 *
 * <ul>
 *   <li>{@link dev.primer.finetune.FinetuneTask} (id {@code <lang>/<setting>/<method>/seed=<s>})
 *       and {@link dev.primer.finetune.FinetunePlanner} (languages x settings x methods x seeds;
 *       the setting {@code full} pairs only with the method {@code full}).
 *   <li>{@link dev.primer.finetune.FinetuneRunner}: one task without Beam: base checkpoint in
 *       (through {@code dev.primer.learn.CheckpointLoader}), seeded few-shot subset ({@link
 *       dev.primer.finetune.FewShot}), training with dev-F1 selection ({@link
 *       dev.primer.finetune.TaskTraining}, seqeval scores over whole sentences: {@link
 *       dev.primer.finetune.EntityScores}), PEFT-only or full checkpoint and {@code result.json}
 *       out, {@code Metric} records ({@link dev.primer.finetune.TaskMetrics}).
 *   <li>{@link dev.primer.finetune.FineTuneTasks}: the fan-out (Create, Reshuffle, {@link
 *       dev.primer.finetune.FineTuneFn}); exactly one {@link dev.primer.finetune.TaskOutcome} per
 *       task, a dead letter per failed task; tasks on one device take turns ({@link
 *       dev.primer.finetune.TaskTurns}).
 * </ul>
 */
package dev.primer.finetune;

/**
 * The {@code evaluate} stage's logic: scoring a checkpoint (a base plus a per-language PEFT
 * checkpoint, or a fully fine-tuned model) on encoded corpora with seqeval-identical entity scores,
 * an entity-type confusion table and a sample of errors. {@link
 * dev.primer.evaluate.EvaluationScores} is the pure scoring part (no model, no Beam); {@link
 * dev.primer.evaluate.EvaluationRunner} loads models and runs batched inference; {@link
 * dev.primer.evaluate.EvaluateFn} and {@link dev.primer.evaluate.EvaluateTasks} are the Beam side.
 */
package dev.primer.evaluate;

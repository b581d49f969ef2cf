/**
 * Training: token cross-entropy, AdamW (PyTorch semantics), linear warm-up/decay, global-norm
 * clipping, JVM-wide device and gradient locks, the step runner, fine-tuning ({@link
 * dev.primer.learn.train.TaggerTrainer}) and masked-LM pretraining ({@link
 * dev.primer.learn.train.MaskedLmTrainer}) with dev evaluation, early stopping and progress
 * listeners.
 */
package dev.primer.learn.train;

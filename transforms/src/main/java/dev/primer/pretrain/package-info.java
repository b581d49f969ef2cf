/**
 * The {@code pretrain} stage's work: {@link dev.primer.pretrain.PretrainRun} makes the base encoder
 * checkpoint by masked-LM pretraining from scratch on the encoded train splits, or by importing
 * (and deriving: first K layers, pruned vocabulary) pretrained weights; {@link
 * dev.primer.pretrain.PretrainFn} runs it in a DoFn.
 */
package dev.primer.pretrain;

/**
 * The encoder: configuration ({@link dev.primer.learn.model.EncoderConfig}, HuggingFace {@code
 * config.json} keys), DJL blocks written for this project (embeddings, self-attention, residual
 * outputs, layers, PEFT modules, heads), the top-level {@link dev.primer.learn.model.EncoderModel},
 * the HuggingFace-named state dict ({@link dev.primer.learn.model.StateDicts}) and {@link
 * dev.primer.learn.model.FastWeights} for forward passes with substituted parameter values.
 */
package dev.primer.learn.model;

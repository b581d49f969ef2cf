/**
 * MAML-style priming: fast-weight copies ({@link dev.primer.learn.meta.FastParameters}), the inner
 * loop, first- and second-order meta-gradients ({@link dev.primer.learn.meta.MetaGradients}), the
 * single-episode outer update ({@link dev.primer.learn.meta.MetaLearner}) and the priming trainer
 * with its variants and meta-batches ({@link dev.primer.learn.meta.PrimingTrainer}, {@link
 * dev.primer.learn.meta.PrimingVariant}, {@link dev.primer.learn.meta.HeadInit}).
 */
package dev.primer.learn.meta;

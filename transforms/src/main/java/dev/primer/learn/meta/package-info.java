/**
 * MAML-style priming: fast-weight copies ({@link dev.primer.learn.meta.FastParameters}), the inner
 * loop, first- and second-order meta-gradients ({@link dev.primer.learn.meta.MetaGradients}) and
 * the outer update ({@link dev.primer.learn.meta.MetaLearner}).
 */
package dev.primer.learn.meta;

/**
 * The {@code vocab} stage: a subword vocabulary as a HuggingFace tokenizer.json.
 *
 * <ul>
 *   <li>{@link dev.primer.vocab.PruneVocabulary}: an existing WordPiece tokenizer.json pruned to
 *       the pieces the corpus uses (plus special tokens and, by default, single characters), with
 *       the old-to-new id mapping for slicing embeddings.
 *   <li>{@link dev.primer.vocab.LearnVocabulary}: a new WordPiece vocabulary learned from the
 *       corpus ({@link dev.primer.vocab.WordPieceTrainer}).
 *   <li>{@link dev.primer.vocab.ComputeVocabStats}: [UNK] rates and pieces per word of a tokenizer
 *       over sentences, per language.
 * </ul>
 *
 * <p>Tokenizers are loaded through DJL's HuggingFace binding once per JVM per content ({@link
 * dev.primer.vocab.SharedTokenizers}); DoFns name theirs with a {@link
 * dev.primer.vocab.TokenizerSource}.
 */
package dev.primer.vocab;

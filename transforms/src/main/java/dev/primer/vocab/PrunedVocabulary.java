package dev.primer.vocab;

import dev.primer.learn.weights.VocabMapping;

/**
 * A pruned tokenizer and the mapping from its original ids.
 *
 * @param tokenizer the pruned tokenizer.json
 * @param mapping old id to new id, one row per kept piece
 */
public record PrunedVocabulary(TokenizerJson tokenizer, VocabMapping mapping) {}

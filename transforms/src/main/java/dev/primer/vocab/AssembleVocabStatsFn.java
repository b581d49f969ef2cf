package dev.primer.vocab;

import java.util.HashMap;
import java.util.Map;

/** Turns the per-key statistics into one {@link VocabStats}, with the tokenizer's size. */
final class AssembleVocabStatsFn extends TokenizerFn<Map<String, PieceStats>, VocabStats> {

  AssembleVocabStatsFn(TokenizerSource source) {
    super(source);
  }

  @ProcessElement
  public void process(ProcessContext c) {
    int vocabSize = tokenizer(c).vocabSize();
    Map<String, PieceStats> languages = new HashMap<>(c.element());
    PieceStats overall = languages.remove(ComputeVocabStats.OVERALL);
    c.output(new VocabStats(vocabSize, languages, overall == null ? new PieceStats() : overall));
  }
}

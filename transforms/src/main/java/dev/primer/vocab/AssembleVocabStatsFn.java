package dev.primer.vocab;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;

/** Turns the per-key statistics into one {@link VocabStats}, with the tokenizer's size. */
final class AssembleVocabStatsFn extends DoFn<Map<String, PieceStats>, VocabStats> {

  private final TokenizerSource source;
  private transient TokenizerHandle handle;

  AssembleVocabStatsFn(TokenizerSource source) {
    this.source = source;
  }

  @Setup
  public void setup() {
    handle = source.newHandle();
    handle.open();
  }

  @ProcessElement
  public void process(ProcessContext c) {
    int vocabSize = handle.get(c::sideInput).vocabSize();
    Map<String, PieceStats> languages = new HashMap<>(c.element());
    PieceStats overall = languages.remove(ComputeVocabStats.OVERALL);
    c.output(new VocabStats(vocabSize, languages, overall == null ? new PieceStats() : overall));
  }

  @Teardown
  public void teardown() {
    if (handle != null) {
      handle.close();
    }
  }
}

package dev.primer.vocab;

import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;

/**
 * Tokenizes one distinct word once and emits its {@link PieceStats} for every language it occurs in
 * and for {@link ComputeVocabStats#OVERALL}. Input: {@code KV<word, [KV<lang, count>]>}.
 */
final class WordStatsFn
    extends DoFn<KV<String, Iterable<KV<String, Long>>>, KV<String, PieceStats>> {

  private final TokenizerSource source;
  private final Counter words = Metrics.counter("vocab", "words");
  private final Counter unkWords = Metrics.counter("vocab", "unk_words");
  private final Counter pieces = Metrics.counter("vocab", "pieces");
  private final Counter unkPieces = Metrics.counter("vocab", "unk_pieces");
  private transient TokenizerHandle handle;

  WordStatsFn(TokenizerSource source) {
    this.source = source;
  }

  @Setup
  public void setup() {
    handle = source.newHandle();
    handle.open();
  }

  @ProcessElement
  public void process(ProcessContext c) {
    SubwordTokenizer tokenizer = handle.get(c::sideInput);
    String word = c.element().getKey();
    int[] ids = tokenizer.tokenizeWords(List.of(word))[0];
    PieceStats all = new PieceStats();
    for (KV<String, Long> langCount : c.element().getValue()) {
      PieceStats lang = new PieceStats();
      lang.addWord(ids, tokenizer.unkId(), langCount.getValue());
      c.output(KV.of(langCount.getKey(), lang));
      all.merge(lang);
    }
    PieceStats overall = new PieceStats();
    overall.addWord(ids, tokenizer.unkId(), all.getWords());
    c.output(KV.of(ComputeVocabStats.OVERALL, overall));
    words.inc(overall.getWords());
    unkWords.inc(overall.getUnkWords());
    pieces.inc(overall.getPieces());
    unkPieces.inc(overall.getUnkPieces());
  }

  @Teardown
  public void teardown() {
    if (handle != null) {
      handle.close();
    }
  }
}

package dev.primer.vocab;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.values.KV;

/**
 * Tokenizes one distinct word once and emits its {@link PieceStats} for every language it occurs in
 * and for {@link ComputeVocabStats#OVERALL}. Input: {@code KV<word, [KV<lang, count>]>}.
 */
final class WordStatsFn
    extends TokenizerFn<KV<Integer, Map<String, Long>>, KV<String, PieceStats>> {

  private final Counter words = Metrics.counter("primer.vocab", "words");
  private final Counter unkWords = Metrics.counter("primer.vocab", "unk_words");
  private final Counter pieces = Metrics.counter("primer.vocab", "pieces");
  private final Counter unkPieces = Metrics.counter("primer.vocab", "unk_pieces");

  WordStatsFn(TokenizerSource source) {
    super(source);
  }

  /** Tokenizes each distinct word of a bucket once; emits the bucket's stats per language. */
  @ProcessElement
  public void process(ProcessContext c) {
    SubwordTokenizer tokenizer = tokenizer(c);
    Map<String, PieceStats> byLanguage = new TreeMap<>();
    PieceStats overall = new PieceStats();
    for (Map.Entry<String, TreeMap<String, Long>> word :
        CountWordBuckets.byWord(c.element().getValue()).entrySet()) {
      int[] ids = tokenizer.tokenizeWords(List.of(word.getKey()))[0];
      long total = 0;
      for (Map.Entry<String, Long> langCount : word.getValue().entrySet()) {
        byLanguage
            .computeIfAbsent(langCount.getKey(), lang -> new PieceStats())
            .addWord(ids, tokenizer.unkId(), langCount.getValue());
        total += langCount.getValue();
      }
      overall.addWord(ids, tokenizer.unkId(), total);
    }
    byLanguage.forEach((lang, stats) -> c.output(KV.of(lang, stats)));
    c.output(KV.of(ComputeVocabStats.OVERALL, overall));
    words.inc(overall.getWords());
    unkWords.inc(overall.getUnkWords());
    pieces.inc(overall.getPieces());
    unkPieces.inc(overall.getUnkPieces());
  }
}

package dev.primer.vocab;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.beam.sdk.values.KV;

/** Tokenizes a distinct word and emits {@code KV<pieceId, occurrences>} for each of its pieces. */
final class PieceIdsFn extends TokenizerFn<KV<Integer, Map<String, Long>>, List<Integer>> {

  PieceIdsFn(TokenizerSource source) {
    super(source);
  }

  /** Emits the sorted ids of the pieces the bucket's distinct words tokenize into. */
  @ProcessElement
  public void process(ProcessContext c) {
    SubwordTokenizer tokenizer = tokenizer(c);
    TreeSet<Integer> used = new TreeSet<>();
    for (String word : CountWordBuckets.byWord(c.element().getValue()).keySet()) {
      for (int id : tokenizer.tokenizeWords(List.of(word))[0]) {
        used.add(id);
      }
    }
    c.output(new ArrayList<>(used));
  }
}

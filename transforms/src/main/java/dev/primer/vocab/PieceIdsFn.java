package dev.primer.vocab;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;

/** Tokenizes a distinct word and emits {@code KV<pieceId, occurrences>} for each of its pieces. */
final class PieceIdsFn extends DoFn<KV<Integer, Map<String, Long>>, List<Integer>> {

  private final TokenizerSource source;
  private transient TokenizerHandle handle;

  PieceIdsFn(TokenizerSource source) {
    this.source = source;
  }

  @Setup
  public void setup() {
    handle = source.newHandle();
    handle.open();
  }

  /** Emits the sorted ids of the pieces the bucket's distinct words tokenize into. */
  @ProcessElement
  public void process(ProcessContext c) {
    SubwordTokenizer tokenizer = handle.get(c::sideInput);
    TreeSet<Integer> used = new TreeSet<>();
    for (String word : CountWordBuckets.byWord(c.element().getValue()).keySet()) {
      for (int id : tokenizer.tokenizeWords(List.of(word))[0]) {
        used.add(id);
      }
    }
    c.output(new ArrayList<>(used));
  }

  @Teardown
  public void teardown() {
    if (handle != null) {
      handle.close();
    }
  }
}

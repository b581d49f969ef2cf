package dev.primer.vocab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the original tokenizer.json (input element: its URI) and prunes it to the used piece ids
 * (side input); outputs the pruned JSON on the main tag and the mapping TSV on the other.
 */
final class PruneTokenizerFn extends DoFn<String, String> {

  private static final Logger LOG = LoggerFactory.getLogger(PruneTokenizerFn.class);

  private final PCollectionView<List<Integer>> usedIds;
  private final boolean keepSingleCharacters;
  private final TupleTag<String> mappingTag;

  PruneTokenizerFn(
      PCollectionView<List<Integer>> usedIds,
      boolean keepSingleCharacters,
      TupleTag<String> mappingTag) {
    this.usedIds = usedIds;
    this.keepSingleCharacters = keepSingleCharacters;
    this.mappingTag = mappingTag;
  }

  @ProcessElement
  public void process(ProcessContext c) {
    String uri = c.element();
    TokenizerJson original;
    try {
      original =
          TokenizerJson.parse(new String(SharedTokenizers.readAll(uri), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tokenizer " + uri, e);
    }
    BitSet keep = new BitSet();
    for (int id : c.sideInput(usedIds)) {
      keep.set(id);
    }
    PrunedVocabulary pruned = original.prune(keep, keepSingleCharacters);
    int before = original.size();
    int after = pruned.mapping().size();
    LOG.info(
        "pruned {} from {} to {} pieces ({} occur in the corpus)",
        uri,
        before,
        after,
        keep.cardinality());
    Metrics.counter("primer.vocab", "pieces_before_pruning").inc(before);
    Metrics.counter("primer.vocab", "pieces_after_pruning").inc(after);
    c.output(pruned.tokenizer().toJson());
    c.output(mappingTag, pruned.mapping().toTsv());
  }
}

package dev.primer.vocab;

import dev.primer.io.NamedOutputs;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;

/**
 * What {@link PruneVocabulary} and {@link LearnVocabulary} produce: the tokenizer.json text, the
 * old-to-new id mapping TSV (pruning only) and the statistics, each a single-element collection.
 */
public final class VocabularyResult extends NamedOutputs {

  private final PCollection<String> tokenizerJson;
  private final PCollection<String> mappingTsv;
  private final PCollection<VocabStats> stats;

  VocabularyResult(
      Pipeline pipeline,
      PCollection<String> tokenizerJson,
      PCollection<String> mappingTsv,
      PCollection<VocabStats> stats) {
    super(pipeline);
    this.tokenizerJson = output(new TupleTag<>("tokenizerJson"), tokenizerJson);
    this.mappingTsv = output(new TupleTag<>("mappingTsv"), mappingTsv);
    this.stats = output(new TupleTag<>("stats"), stats);
  }

  /** The tokenizer.json text (one element). */
  public PCollection<String> tokenizerJson() {
    return tokenizerJson;
  }

  /** Whether there is an id mapping (true for a pruned vocabulary). */
  public boolean hasMapping() {
    return mappingTsv != null;
  }

  /**
   * The {@code old_id<TAB>new_id<TAB>piece} TSV text with header (one element).
   *
   * @throws IllegalStateException for a learned vocabulary, which has no old ids
   */
  public PCollection<String> mappingTsv() {
    if (mappingTsv == null) {
      throw new IllegalStateException("a learned vocabulary has no id mapping");
    }
    return mappingTsv;
  }

  /** The statistics of the new vocabulary over the input sentences (one element). */
  public PCollection<VocabStats> stats() {
    return stats;
  }
}

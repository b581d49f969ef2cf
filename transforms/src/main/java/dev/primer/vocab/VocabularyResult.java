package dev.primer.vocab;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * What {@link PruneVocabulary} and {@link LearnVocabulary} produce: the tokenizer.json text, the
 * old-to-new id mapping TSV (pruning only) and the statistics, each a single-element collection.
 */
public final class VocabularyResult implements POutput {

  private final Pipeline pipeline;
  private final PCollection<String> tokenizerJson;
  private final PCollection<String> mappingTsv;
  private final PCollection<VocabStats> stats;

  VocabularyResult(
      Pipeline pipeline,
      PCollection<String> tokenizerJson,
      PCollection<String> mappingTsv,
      PCollection<VocabStats> stats) {
    this.pipeline = pipeline;
    this.tokenizerJson = tokenizerJson;
    this.mappingTsv = mappingTsv;
    this.stats = stats;
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

  @Override
  public Pipeline getPipeline() {
    return pipeline;
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    Map<TupleTag<?>, PValue> out = new LinkedHashMap<>();
    out.put(new TupleTag<String>("tokenizerJson"), tokenizerJson);
    if (mappingTsv != null) {
      out.put(new TupleTag<String>("mappingTsv"), mappingTsv);
    }
    out.put(new TupleTag<VocabStats>("stats"), stats);
    return out;
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, org.apache.beam.sdk.values.PInput input, PTransform<?, ?> transform) {}
}

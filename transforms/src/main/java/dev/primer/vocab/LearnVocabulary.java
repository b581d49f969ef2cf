package dev.primer.vocab;

import dev.primer.schemas.Sentence;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Learns a WordPiece vocabulary of a given size from the staged corpus: word counts are a Beam
 * combine (summed per word across workers and languages), then {@link WordPieceTrainer} runs in one
 * worker and emits a complete BERT-style tokenizer.json. Apply to the staged sentences:
 *
 * <pre>{@code
 * VocabularyResult v = sentences.apply("Vocab",
 *     LearnVocabulary.of(WordPieceOptions.ofSize(30000)).withSplits("train"));
 * v.tokenizerJson();  // learned tokenizer.json text
 * v.stats();          // VocabStats over all input sentences
 * }</pre>
 *
 * <p>Fails the pipeline when the selected splits hold no word.
 */
public final class LearnVocabulary extends PTransform<PCollection<Sentence>, VocabularyResult> {

  private final WordPieceOptions options;
  private final Set<String> splits;

  private LearnVocabulary(WordPieceOptions options, Set<String> splits) {
    this.options = options;
    this.splits = splits;
  }

  /** Learns with the given options. */
  public static LearnVocabulary of(WordPieceOptions options) {
    return new LearnVocabulary(options, Set.of());
  }

  /** Learns from these splits only (default: all splits). */
  public LearnVocabulary withSplits(String... splits) {
    return new LearnVocabulary(options, Set.of(splits));
  }

  @Override
  public VocabularyResult expand(PCollection<Sentence> sentences) {
    PCollectionView<Map<String, Long>> wordCounts =
        sentences
            .apply("CountWords", new CountWordBuckets(splits))
            .apply("SumOverLanguages", ParDo.of(new SumOverLanguagesFn()))
            .setCoder(MapCoder.of(StringUtf8Coder.of(), VarLongCoder.of()))
            .apply("MergeBuckets", Combine.globally(new MergeCountsFn()))
            .apply("WordCountsView", View.asSingleton());
    PCollection<String> json =
        sentences
            .getPipeline()
            .apply("Trigger", Create.of("wordpiece").withCoder(StringUtf8Coder.of()))
            .apply(
                "TrainWordPiece",
                ParDo.of(new TrainWordPieceFn(options, wordCounts)).withSideInputs(wordCounts))
            .setCoder(StringUtf8Coder.of());
    PCollection<VocabStats> stats =
        sentences.apply(
            "VocabStats",
            ComputeVocabStats.using(
                TokenizerSource.ofJson(json.apply("TokenizerView", View.asSingleton()))));
    return new VocabularyResult(sentences.getPipeline(), json, null, stats);
  }

  /** A bucket's counts per word, summed over languages. */
  static final class SumOverLanguagesFn
      extends DoFn<KV<Integer, Map<String, Long>>, Map<String, Long>> {
    @ProcessElement
    public void process(
        @Element KV<Integer, Map<String, Long>> bucket, OutputReceiver<Map<String, Long>> out) {
      Map<String, Long> counts = new HashMap<>();
      CountWordBuckets.byWord(bucket.getValue())
          .forEach(
              (word, langs) ->
                  counts.put(word, langs.values().stream().mapToLong(Long::longValue).sum()));
      out.output(counts);
    }
  }

  /** Merges word-count maps (buckets hold disjoint words; counts are summed regardless). */
  static final class MergeCountsFn
      implements SerializableFunction<Iterable<Map<String, Long>>, Map<String, Long>> {
    @Override
    public Map<String, Long> apply(Iterable<Map<String, Long>> maps) {
      Map<String, Long> merged = new HashMap<>();
      maps.forEach(m -> m.forEach((word, count) -> merged.merge(word, count, Long::sum)));
      return merged;
    }
  }
}

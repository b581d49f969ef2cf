package dev.primer.vocab;

import dev.primer.io.MergeFn;
import dev.primer.schemas.Sentence;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Tokenization statistics of a tokenizer over sentences: {@code PCollection<Sentence>} to a single
 * {@link VocabStats} (per language and overall). Words are counted per language, grouped by word,
 * and each distinct word is tokenized once. Counters {@code vocab/words}, {@code vocab/unk_words},
 * {@code vocab/pieces}, {@code vocab/unk_pieces}.
 */
public final class ComputeVocabStats
    extends PTransform<PCollection<Sentence>, PCollection<VocabStats>> {

  /** The key under which overall statistics travel; never a language code. */
  static final String OVERALL = "*";

  private final TokenizerSource tokenizer;

  private ComputeVocabStats(TokenizerSource tokenizer) {
    this.tokenizer = tokenizer;
  }

  /** Statistics of the given tokenizer. */
  public static ComputeVocabStats using(TokenizerSource tokenizer) {
    return new ComputeVocabStats(tokenizer);
  }

  @Override
  public PCollection<VocabStats> expand(PCollection<Sentence> sentences) {
    return sentences
        .apply("CountWords", new CountWordBuckets(null))
        .apply(
            "TokenizeWords",
            ParDo.of(new WordStatsFn(tokenizer)).withSideInputs(tokenizer.sideInputs()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(PieceStats.class)))
        .apply(
            "SumPerLanguage",
            Combine.perKey(new MergeFn<>(PieceStats::new, SerializableCoder.of(PieceStats.class))))
        .apply("CollectLanguages", Combine.globally(new ToMapFn()))
        .setCoder(MapCoder.of(StringUtf8Coder.of(), SerializableCoder.of(PieceStats.class)))
        .apply(
            "AssembleStats",
            ParDo.of(new AssembleVocabStatsFn(tokenizer)).withSideInputs(tokenizer.sideInputs()))
        .setCoder(SerializableCoder.of(VocabStats.class));
  }

  /** Collects the per-key statistics into one map. */
  static final class ToMapFn
      extends Combine.CombineFn<
          KV<String, PieceStats>, HashMap<String, PieceStats>, Map<String, PieceStats>> {

    @Override
    public HashMap<String, PieceStats> createAccumulator() {
      return new HashMap<>();
    }

    @Override
    public HashMap<String, PieceStats> addInput(
        HashMap<String, PieceStats> acc, KV<String, PieceStats> input) {
      acc.computeIfAbsent(input.getKey(), k -> new PieceStats()).merge(input.getValue());
      return acc;
    }

    @Override
    public HashMap<String, PieceStats> mergeAccumulators(
        Iterable<HashMap<String, PieceStats>> accs) {
      HashMap<String, PieceStats> out = new HashMap<>();
      for (HashMap<String, PieceStats> a : accs) {
        a.forEach((k, v) -> out.computeIfAbsent(k, x -> new PieceStats()).merge(v));
      }
      return out;
    }

    @Override
    public Map<String, PieceStats> extractOutput(HashMap<String, PieceStats> acc) {
      return acc;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Coder<HashMap<String, PieceStats>> getAccumulatorCoder(
        CoderRegistry r, Coder<KV<String, PieceStats>> in) {
      return (Coder) SerializableCoder.of(HashMap.class);
    }
  }
}

package dev.primer.vocab;

import dev.primer.schemas.Sentence;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Counts word occurrences per language into {@link #BUCKETS} buckets by the word's hash: {@code
 * KV<bucket, Map<lang + SEPARATOR + word, count>>}. Every language of a word lands in the same
 * bucket, so consumers can tokenize each distinct word once per bucket.
 *
 * <p>Why buckets and not a group per word: a group per distinct word costs a bundle per word on the
 * DirectRunner (minutes for a few thousand words), while a few count maps keep every runner's work
 * small; the combine is lifted before the shuffle on Flink and Dataflow. Each staged sentence
 * counts once ({@code copies} is ignored: the deduplicated corpus is what the model sees).
 */
public final class CountWordBuckets
    extends PTransform<PCollection<Sentence>, PCollection<KV<Integer, Map<String, Long>>>> {

  /** Number of buckets. */
  static final int BUCKETS = 16;

  /** Separates language and word in a count key (neither contains it). */
  static final char SEPARATOR = '\u0000';

  private final Set<String> splits;

  /** Counts the words of the given splits, or of all splits when null or empty. */
  CountWordBuckets(Set<String> splits) {
    this.splits = splits == null || splits.isEmpty() ? null : Set.copyOf(splits);
  }

  /** The word counts of a bucket, grouped by word: word → (lang → count), sorted. */
  static TreeMap<String, TreeMap<String, Long>> byWord(Map<String, Long> bucket) {
    TreeMap<String, TreeMap<String, Long>> words = new TreeMap<>();
    for (Map.Entry<String, Long> entry : bucket.entrySet()) {
      String key = entry.getKey();
      int at = key.indexOf(SEPARATOR);
      words
          .computeIfAbsent(key.substring(at + 1), w -> new TreeMap<>())
          .merge(key.substring(0, at), entry.getValue(), Long::sum);
    }
    return words;
  }

  @Override
  public PCollection<KV<Integer, Map<String, Long>>> expand(PCollection<Sentence> sentences) {
    return sentences
        .apply(
            "LangAndWord",
            ParDo.of(new LangAndWordFn(splits == null ? null : new ArrayList<>(splits))))
        .setCoder(KvCoder.of(VarIntCoder.of(), StringUtf8Coder.of()))
        .apply("CountPerBucket", Combine.perKey(new WordCountsFn()))
        .setCoder(
            KvCoder.of(VarIntCoder.of(), MapCoder.of(StringUtf8Coder.of(), VarLongCoder.of())));
  }

  /** Emits (bucket, lang + SEPARATOR + word) for every token of a sentence in a selected split. */
  static final class LangAndWordFn extends DoFn<Sentence, KV<Integer, String>> {
    private final List<String> splits;

    LangAndWordFn(List<String> splits) {
      this.splits = splits;
    }

    @ProcessElement
    public void process(@Element Sentence s, OutputReceiver<KV<Integer, String>> out) {
      if (splits != null && !splits.contains(s.getSplit())) {
        return;
      }
      for (String token : s.getTokens()) {
        out.output(
            KV.of(Math.floorMod(token.hashCode(), BUCKETS), s.getLang() + SEPARATOR + token));
      }
    }
  }

  /** Counts keys into a map. */
  static final class WordCountsFn
      extends Combine.CombineFn<String, HashMap<String, Long>, Map<String, Long>> {

    @Override
    public HashMap<String, Long> createAccumulator() {
      return new HashMap<>();
    }

    @Override
    public HashMap<String, Long> addInput(HashMap<String, Long> acc, String key) {
      acc.merge(key, 1L, Long::sum);
      return acc;
    }

    @Override
    public HashMap<String, Long> mergeAccumulators(Iterable<HashMap<String, Long>> accs) {
      HashMap<String, Long> merged = new HashMap<>();
      for (HashMap<String, Long> acc : accs) {
        acc.forEach((key, count) -> merged.merge(key, count, Long::sum));
      }
      return merged;
    }

    @Override
    public Map<String, Long> extractOutput(HashMap<String, Long> acc) {
      return acc;
    }

    @Override
    public Coder<HashMap<String, Long>> getAccumulatorCoder(
        CoderRegistry registry, Coder<String> inputCoder) {
      return new HashMapCoder();
    }
  }

  /** Encodes a count map. */
  static final class HashMapCoder extends CustomCoder<HashMap<String, Long>> {
    private static final Coder<Map<String, Long>> MAP =
        MapCoder.of(StringUtf8Coder.of(), VarLongCoder.of());

    @Override
    public void encode(HashMap<String, Long> value, OutputStream out) throws IOException {
      MAP.encode(value, out);
    }

    @Override
    public HashMap<String, Long> decode(InputStream in) throws IOException {
      return new HashMap<>(MAP.decode(in));
    }
  }
}

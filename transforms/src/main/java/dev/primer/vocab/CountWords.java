package dev.primer.vocab;

import dev.primer.schemas.Sentence;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Counts word occurrences per language: {@code PCollection<Sentence>} to {@code KV<KV<lang, word>,
 * count>}, via {@link CountWordBuckets}. Each staged sentence counts once (the deduplicated corpus
 * is what the model sees; {@code copies} is ignored). Optionally only some splits (e.g. {@code
 * train}) are counted.
 */
public final class CountWords
    extends PTransform<PCollection<Sentence>, PCollection<KV<KV<String, String>, Long>>> {

  private final Set<String> splits;

  private CountWords(Set<String> splits) {
    this.splits = splits;
  }

  /** Counts the words of every split. */
  public static CountWords inAllSplits() {
    return new CountWords(null);
  }

  /** Counts the words of the given splits only. */
  public static CountWords inSplits(String... splits) {
    return new CountWords(Set.of(splits));
  }

  /** Counts the words of the given splits, or of all splits when {@code splits} is null/empty. */
  public static CountWords inSplits(Set<String> splits) {
    return new CountWords(splits == null || splits.isEmpty() ? null : Set.copyOf(splits));
  }

  @Override
  public PCollection<KV<KV<String, String>, Long>> expand(PCollection<Sentence> sentences) {
    return sentences
        .apply("CountWordBuckets", new CountWordBuckets(splits))
        .apply("ToLangAndWordCounts", ParDo.of(new ExpandCountsFn()))
        .setCoder(
            KvCoder.of(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()), VarLongCoder.of()));
  }

  /** Turns a bucket's count map into ((lang, word), count) pairs. */
  static final class ExpandCountsFn
      extends DoFn<KV<Integer, Map<String, Long>>, KV<KV<String, String>, Long>> {
    @ProcessElement
    public void process(
        @Element KV<Integer, Map<String, Long>> bucket,
        OutputReceiver<KV<KV<String, String>, Long>> out) {
      CountWordBuckets.byWord(bucket.getValue())
          .forEach(
              (word, langs) ->
                  langs.forEach((lang, count) -> out.output(KV.of(KV.of(lang, word), count))));
    }
  }
}

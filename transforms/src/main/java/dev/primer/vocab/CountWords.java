package dev.primer.vocab;

import dev.primer.schemas.Sentence;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Counts word occurrences per language: {@code PCollection<Sentence>} to {@code KV<KV<lang, word>,
 * count>}, a {@link Count#perElement()} combine. Each staged sentence counts once (the deduplicated
 * corpus is what the model sees; {@code copies} is ignored). Optionally only some splits (e.g.
 * {@code train}) are counted.
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
        .apply(
            "LangAndWord",
            ParDo.of(new LangAndWordFn(splits == null ? null : new ArrayList<>(splits))))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .apply("CountPerLangAndWord", Count.perElement());
  }

  /** Emits (lang, word) for every token of a sentence in a selected split. */
  static final class LangAndWordFn extends DoFn<Sentence, KV<String, String>> {
    private final List<String> splits;

    LangAndWordFn(List<String> splits) {
      this.splits = splits;
    }

    @ProcessElement
    public void process(@Element Sentence s, OutputReceiver<KV<String, String>> out) {
      if (splits != null && !splits.contains(s.getSplit())) {
        return;
      }
      for (String token : s.getTokens()) {
        out.output(KV.of(s.getLang(), token));
      }
    }
  }
}

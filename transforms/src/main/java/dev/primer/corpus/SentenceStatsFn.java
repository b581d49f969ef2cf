package dev.primer.corpus;

import dev.primer.schemas.Sentence;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;

/**
 * Turns each deduplicated sentence into its {@link CorpusStats} contribution, keyed by {@code
 * lang/split}, and counts it in the {@code sentences}, {@code tokens}, {@code duplicates}, {@code
 * repaired} and {@code entities} counters.
 */
final class SentenceStatsFn extends DoFn<Sentence, KV<String, CorpusStats>> {
  private static final long serialVersionUID = 1L;
  private transient StageCounters counters;

  @Setup
  public void setup() {
    counters = new StageCounters();
  }

  @ProcessElement
  public void processElement(
      @Element Sentence sentence, OutputReceiver<KV<String, CorpusStats>> out) {
    CorpusStats stats = CorpusStats.ofSentence(sentence);
    String lang = stats.lang();
    String split = stats.split();
    counters.add(StageCounters.of("sentences", lang, split), stats.sentences());
    counters.add(StageCounters.of("tokens", lang, split), stats.tokens());
    counters.add(StageCounters.of("duplicates", lang, split), stats.duplicatesRemoved());
    counters.add(StageCounters.of("repaired", lang, split), stats.repairedSentences());
    for (Map.Entry<String, Long> e : stats.entities().entrySet()) {
      counters.add(StageCounters.of("entities", lang, split) + "/" + e.getKey(), e.getValue());
    }
    out.output(KV.of(stats.key(), stats));
  }
}

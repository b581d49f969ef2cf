package dev.primer.corpus;

import dev.primer.schemas.DeadLetter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;

/** Turns each split-keyed dead letter into its {@link CorpusStats} contribution. */
final class DeadLetterStatsFn extends DoFn<KV<String, DeadLetter>, KV<String, CorpusStats>> {
  private static final long serialVersionUID = 1L;

  @ProcessElement
  public void processElement(
      @Element KV<String, DeadLetter> splitAndLetter, OutputReceiver<KV<String, CorpusStats>> out) {
    DeadLetter letter = splitAndLetter.getValue();
    CorpusStats stats =
        CorpusStats.ofDeadLetter(letter.getLang(), splitAndLetter.getKey(), letter.getReason());
    out.output(KV.of(stats.key(), stats));
  }
}

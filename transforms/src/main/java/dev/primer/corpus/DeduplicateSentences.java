package dev.primer.corpus;

import dev.primer.schemas.Sentence;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Deduplicates sentences by id (same language, split, tokens and tags): keeps the copy with the
 * smallest (source, line) position and sets its {@code copies} to the number of copies. Ids do not
 * depend on the run, so reruns keep the same sentences. Applying it twice changes nothing.
 */
public final class DeduplicateSentences
    extends PTransform<PCollection<Sentence>, PCollection<Sentence>> {
  private static final long serialVersionUID = 1L;

  @Override
  public PCollection<Sentence> expand(PCollection<Sentence> sentences) {
    return sentences
        .apply("KeyById", WithKeys.of(Sentence::getId).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), AvroCoder.of(Sentence.class)))
        .apply("KeepEarliestCopy", Combine.perKey(new KeepEarliestCopyFn()))
        .apply("DropIds", Values.create())
        .setCoder(AvroCoder.of(Sentence.class));
  }
}

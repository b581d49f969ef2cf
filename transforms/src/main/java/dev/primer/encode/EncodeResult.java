package dev.primer.encode;

import dev.primer.io.NamedOutputs;
import dev.primer.schemas.DeadLetter;
import dev.primer.schemas.EncodedSentence;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * What {@link EncodeSentences} produces: the encoded windows, the dead letters, the label space
 * (one element) and the statistics (one element).
 */
public final class EncodeResult extends NamedOutputs {

  private final PCollection<EncodedSentence> encoded;
  private final PCollection<DeadLetter> deadLetters;
  private final PCollection<LabelVocabulary> labels;
  private final PCollection<EncodeStats> stats;

  EncodeResult(
      Pipeline pipeline,
      PCollection<EncodedSentence> encoded,
      PCollection<DeadLetter> deadLetters,
      PCollection<LabelVocabulary> labels,
      PCollection<EncodeStats> stats) {
    super(pipeline);
    this.encoded = output(new TupleTag<>("encoded"), encoded);
    this.deadLetters = output(new TupleTag<>("deadLetters"), deadLetters);
    this.labels = output(new TupleTag<>("labels"), labels);
    this.stats = output(new TupleTag<>("stats"), stats);
  }

  /** One record per window of every encoded sentence. */
  public PCollection<EncodedSentence> encoded() {
    return encoded;
  }

  /** One record per sentence that could not be encoded (stage {@code encode}). */
  public PCollection<DeadLetter> deadLetters() {
    return deadLetters;
  }

  /** The label space the label ids index (one element). */
  public PCollection<LabelVocabulary> labels() {
    return labels;
  }

  /** The labels.json text (one element), e.g. for {@code WriteTextFile}. */
  public PCollection<String> labelsJson() {
    return labels
        .apply(
            "LabelsJson", MapElements.into(TypeDescriptors.strings()).via(LabelVocabulary::toJson))
        .setCoder(StringUtf8Coder.of());
  }

  /** Counts per language and split (one element). */
  public PCollection<EncodeStats> stats() {
    return stats;
  }
}

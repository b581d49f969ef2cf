package dev.primer.pipelines;

import dev.primer.encode.UnknownTagPolicy;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of the {@code encode} stage. */
public interface EncodeStageOptions extends PrimerOptions {

  @Description(
      "Longest model input in subwords, [CLS] and [SEP] included; longer sentences are split"
          + " into windows on word boundaries without losing any label.")
  @Default.Integer(128)
  Integer getMaxLength();

  void setMaxLength(Integer value);

  @Description(
      "Entity types of the label space, comma separated (e.g. PER,LOC,ORG); empty derives them"
          + " from the data (one label space for all languages).")
  @Default.String("")
  String getLabelTypes();

  void setLabelTypes(String value);

  @Description(
      "A tag outside the label space: dead-letter (reject the sentence) or map-to-o (encode the"
          + " word as O and count it).")
  @Default.Enum("DEAD_LETTER")
  UnknownTagPolicy getUnknownTags();

  void setUnknownTags(UnknownTagPolicy value);
}

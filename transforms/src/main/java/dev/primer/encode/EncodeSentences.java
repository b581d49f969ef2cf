package dev.primer.encode;

import dev.primer.io.MergeFn;
import dev.primer.io.SpecificAvro;
import dev.primer.schemas.DeadLetter;
import dev.primer.schemas.EncodedSentence;
import dev.primer.schemas.Sentence;
import dev.primer.vocab.TokenizerSource;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Encodes staged sentences into model input: {@code PCollection<Sentence>} to an {@link
 * EncodeResult} (windows, dead letters, label space, statistics).
 *
 * <pre>{@code
 * EncodeResult r = sentences.apply("Encode",
 *     EncodeSentences.using(TokenizerSource.ofUri(runRoot + "/vocab/tokenizer.json"))
 *         .withMaxLength(128)
 *         .withLabels(LabelVocabulary.ofTypes("PER", "LOC", "ORG"))   // or derived from the data
 *         .withUnknownTags(UnknownTagPolicy.DEAD_LETTER));
 * r.encoded().apply(WriteEncodedSentences.to(runRoot + "/encode"));
 * r.labelsJson().apply(WriteTextFile.to(runRoot + "/encode", "labels.json"));
 * }</pre>
 *
 * <p>Defaults: max length 128, unknown tags to dead letters, labels derived from the tags of all
 * input sentences ({@link DeriveLabelVocabulary}).
 */
public final class EncodeSentences extends PTransform<PCollection<Sentence>, EncodeResult> {

  /** Default maximum window length, special tokens included. */
  public static final int DEFAULT_MAX_LENGTH = 128;

  private final TokenizerSource tokenizer;
  private final EncodeOptions options;
  private final LabelVocabulary fixedLabels;

  private EncodeSentences(
      TokenizerSource tokenizer, EncodeOptions options, LabelVocabulary fixedLabels) {
    this.tokenizer = tokenizer;
    this.options = options;
    this.fixedLabels = fixedLabels;
  }

  /** Encodes with the given tokenizer and the defaults. */
  public static EncodeSentences using(TokenizerSource tokenizer) {
    return new EncodeSentences(tokenizer, EncodeOptions.maxLength(DEFAULT_MAX_LENGTH), null);
  }

  /** Encodes with the tokenizer.json at {@code uri} and the defaults. */
  public static EncodeSentences using(String tokenizerUri) {
    return using(TokenizerSource.ofUri(tokenizerUri));
  }

  /** Windows of at most {@code maxLength} subwords, special tokens included. */
  public EncodeSentences withMaxLength(int maxLength) {
    return new EncodeSentences(
        tokenizer, new EncodeOptions(maxLength, options.unknownTags()), fixedLabels);
  }

  /** What to do with tags outside the label space. */
  public EncodeSentences withUnknownTags(UnknownTagPolicy policy) {
    return new EncodeSentences(tokenizer, options.withUnknownTags(policy), fixedLabels);
  }

  /** A fixed label space instead of one derived from the data. */
  public EncodeSentences withLabels(LabelVocabulary labels) {
    return new EncodeSentences(tokenizer, options, labels);
  }

  @Override
  public EncodeResult expand(PCollection<Sentence> sentences) {
    PCollection<LabelVocabulary> labels =
        fixedLabels != null
            ? sentences
                .getPipeline()
                .apply(
                    "FixedLabels",
                    Create.of(fixedLabels).withCoder(SerializableCoder.of(LabelVocabulary.class)))
            : sentences.apply("DeriveLabels", DeriveLabelVocabulary.fromTags());
    PCollectionView<LabelVocabulary> labelsView = labels.apply("LabelsView", View.asSingleton());

    TupleTag<EncodedSentence> encodedTag = new TupleTag<>("encoded") {};
    TupleTag<DeadLetter> deadTag = new TupleTag<>("deadLetters") {};
    TupleTag<KV<KV<String, String>, EncodeCounts>> countsTag = new TupleTag<>("counts") {};
    List<PCollectionView<?>> sideInputs = new ArrayList<>(tokenizer.sideInputs());
    sideInputs.add(labelsView);
    PCollectionTuple out =
        sentences.apply(
            "EncodeSentence",
            ParDo.of(new EncodeSentenceFn(tokenizer, labelsView, options, deadTag, countsTag))
                .withSideInputs(sideInputs)
                .withOutputTags(encodedTag, TupleTagList.of(deadTag).and(countsTag)));
    PCollection<EncodedSentence> encoded =
        out.get(encodedTag).setCoder(SpecificAvro.coder(EncodedSentence.class));
    PCollection<DeadLetter> dead = out.get(deadTag).setCoder(SpecificAvro.coder(DeadLetter.class));
    PCollection<EncodeStats> stats =
        out.get(countsTag)
            .setCoder(
                KvCoder.of(
                    KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()), EncodeCounts.CODER))
            .apply(
                "SumPerLangAndSplit",
                Combine.perKey(new MergeFn<>(EncodeCounts::new, EncodeCounts.CODER)))
            .apply("CollectStats", Combine.globally(new ToEncodeStatsFn()))
            .setCoder(SerializableCoder.of(EncodeStats.class));
    return new EncodeResult(sentences.getPipeline(), encoded, dead, labels, stats);
  }
}

package dev.primer.encode;

import dev.primer.corpus.IobTags;
import dev.primer.schemas.Sentence;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Distinct;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Derives the label space from the data: the entity types of every valid {@code B-}/{@code I-} tag
 * of every sentence (all languages and splits), combined into one {@link LabelVocabulary} (a single
 * element; just {@code O} for an empty input). Malformed tags are left for the encoder to reject.
 */
public final class DeriveLabelVocabulary
    extends PTransform<PCollection<Sentence>, PCollection<LabelVocabulary>> {

  private DeriveLabelVocabulary() {}

  /** Derives labels from the sentences' tags. */
  public static DeriveLabelVocabulary fromTags() {
    return new DeriveLabelVocabulary();
  }

  @Override
  public PCollection<LabelVocabulary> expand(PCollection<Sentence> sentences) {
    return sentences
        .apply(
            "EntityTypes",
            FlatMapElements.into(TypeDescriptors.strings())
                .via(
                    (Sentence s) -> {
                      List<String> types = new ArrayList<>();
                      for (String tag : s.getTags()) {
                        String type = IobTags.entityType(tag);
                        if (type != null) {
                          types.add(type);
                        }
                      }
                      return types;
                    }))
        .setCoder(StringUtf8Coder.of())
        .apply("DistinctTypes", Distinct.create())
        .apply("ToLabelVocabulary", Combine.globally(new ToLabelsFn()))
        .setCoder(SerializableCoder.of(LabelVocabulary.class));
  }

  /** Collects types into a sorted set and builds the label space. */
  static final class ToLabelsFn
      extends Combine.CombineFn<String, TreeSet<String>, LabelVocabulary> {
    @Override
    public TreeSet<String> createAccumulator() {
      return new TreeSet<>();
    }

    @Override
    public TreeSet<String> addInput(TreeSet<String> acc, String type) {
      acc.add(type);
      return acc;
    }

    @Override
    public TreeSet<String> mergeAccumulators(Iterable<TreeSet<String>> accs) {
      TreeSet<String> out = new TreeSet<>();
      accs.forEach(out::addAll);
      return out;
    }

    @Override
    public LabelVocabulary extractOutput(TreeSet<String> acc) {
      return LabelVocabulary.ofTypes(acc);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Coder<TreeSet<String>> getAccumulatorCoder(CoderRegistry r, Coder<String> in) {
      return (Coder) SerializableCoder.of(TreeSet.class);
    }
  }
}

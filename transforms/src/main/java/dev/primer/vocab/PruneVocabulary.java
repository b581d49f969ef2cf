package dev.primer.vocab;

import dev.primer.schemas.Sentence;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Prunes an existing WordPiece tokenizer.json to the pieces that occur when tokenizing the corpus,
 * plus every added/special token and (by default) every single-character piece; ids are renumbered
 * densely in the old order. Apply to the staged sentences:
 *
 * <pre>{@code
 * VocabularyResult v = sentences.apply("Vocab",
 *     PruneVocabulary.of("gs://.../tokenizer.json").withSplits("train"));
 * v.tokenizerJson();  // pruned tokenizer.json text
 * v.mappingTsv();     // old_id, new_id, piece
 * v.stats();          // VocabStats of the pruned vocabulary over all input sentences
 * }</pre>
 *
 * <p>Distinct words are counted with {@link CountWords} (combine) and tokenized once each.
 */
public final class PruneVocabulary extends PTransform<PCollection<Sentence>, VocabularyResult> {

  private final String tokenizerUri;
  private final Set<String> splits;
  private final boolean keepSingleCharacters;

  private PruneVocabulary(String tokenizerUri, Set<String> splits, boolean keepSingleCharacters) {
    this.tokenizerUri = tokenizerUri;
    this.splits = splits;
    this.keepSingleCharacters = keepSingleCharacters;
  }

  /** Prunes the tokenizer.json at {@code tokenizerUri} (any Beam FileSystems URI). */
  public static PruneVocabulary of(String tokenizerUri) {
    return new PruneVocabulary(tokenizerUri, Set.of(), true);
  }

  /** Keeps only pieces used by these splits (default: all splits). */
  public PruneVocabulary withSplits(String... splits) {
    return new PruneVocabulary(tokenizerUri, Set.of(splits), keepSingleCharacters);
  }

  /** Whether to keep every single-character piece (default true). */
  public PruneVocabulary keepingSingleCharacters(boolean keep) {
    return new PruneVocabulary(tokenizerUri, splits, keep);
  }

  @Override
  public VocabularyResult expand(PCollection<Sentence> sentences) {
    PCollectionView<List<Integer>> usedIds =
        sentences
            .apply("CountWords", new CountWordBuckets(splits))
            .apply("TokenizeWords", ParDo.of(new PieceIdsFn(TokenizerSource.ofUri(tokenizerUri))))
            .setCoder(ListCoder.of(VarIntCoder.of()))
            .apply("UnionOfPieces", Combine.globally(new UnionFn()))
            .apply("UsedPiecesView", View.asSingleton());

    TupleTag<String> jsonTag = new TupleTag<>("tokenizerJson") {};
    TupleTag<String> mappingTag = new TupleTag<>("mappingTsv") {};
    PCollectionTuple pruned =
        sentences
            .getPipeline()
            .apply("TokenizerUri", Create.of(tokenizerUri).withCoder(StringUtf8Coder.of()))
            .apply(
                "PruneTokenizer",
                ParDo.of(new PruneTokenizerFn(usedIds, keepSingleCharacters, mappingTag))
                    .withSideInputs(usedIds)
                    .withOutputTags(jsonTag, TupleTagList.of(mappingTag)));
    PCollection<String> json = pruned.get(jsonTag).setCoder(StringUtf8Coder.of());
    PCollection<String> mapping = pruned.get(mappingTag).setCoder(StringUtf8Coder.of());
    PCollectionView<String> jsonView = json.apply("TokenizerView", View.asSingleton());
    PCollection<VocabStats> stats =
        sentences.apply("VocabStats", ComputeVocabStats.using(TokenizerSource.ofJson(jsonView)));
    return new VocabularyResult(sentences.getPipeline(), json, mapping, stats);
  }

  /** The sorted union of id lists. */
  static final class UnionFn
      implements SerializableFunction<Iterable<List<Integer>>, List<Integer>> {
    @Override
    public List<Integer> apply(Iterable<List<Integer>> lists) {
      TreeSet<Integer> union = new TreeSet<>();
      lists.forEach(union::addAll);
      return new ArrayList<>(union);
    }
  }
}

package dev.primer.corpus;

import dev.primer.io.MergeFn;
import dev.primer.schemas.DeadLetter;
import dev.primer.schemas.Sentence;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Computes one {@link CorpusStats} per (language, split) from deduplicated sentences ({@link
 * #SENTENCES}) and split-keyed dead letters ({@link #DEAD_LETTERS}); a (language, split) with only
 * dead letters gets stats too. Also feeds the {@link StageCounters}.
 */
public final class ComputeCorpusStats
    extends PTransform<PCollectionTuple, PCollection<CorpusStats>> {
  private static final long serialVersionUID = 1L;

  /** Deduplicated sentences. */
  public static final TupleTag<Sentence> SENTENCES = new TupleTag<Sentence>() {};

  /** Dead letters keyed by the split of their file. */
  public static final TupleTag<KV<String, DeadLetter>> DEAD_LETTERS =
      new TupleTag<KV<String, DeadLetter>>() {};

  @Override
  public PCollection<CorpusStats> expand(PCollectionTuple input) {
    KvCoder<String, CorpusStats> keyed = KvCoder.of(StringUtf8Coder.of(), CorpusStatsCoder.of());
    PCollection<KV<String, CorpusStats>> fromSentences =
        input
            .get(SENTENCES)
            .apply("SentenceStats", ParDo.of(new SentenceStatsFn()))
            .setCoder(keyed);
    PCollection<KV<String, CorpusStats>> fromDeadLetters =
        input
            .get(DEAD_LETTERS)
            .apply("DeadLetterStats", ParDo.of(new DeadLetterStatsFn()))
            .setCoder(keyed);
    return PCollectionList.of(fromSentences)
        .and(fromDeadLetters)
        .apply("FlattenStats", Flatten.pCollections())
        .apply(
            "SumPerLanguageAndSplit",
            Combine.perKey(new MergeFn<>(CorpusStats::empty, CorpusStatsCoder.of())))
        .setCoder(keyed)
        .apply("DropKeys", Values.create())
        .setCoder(CorpusStatsCoder.of());
  }
}

package dev.primer.corpus;

import dev.primer.io.SpecificAvro;
import dev.primer.schemas.DeadLetter;
import dev.primer.schemas.Sentence;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * The {@code stage} stage's logic as one composite: reads every {@link CorpusSpec}'s files ({@link
 * ReadCorpus}, one step {@code ReadCorpus<i>-<format>} per spec, in spec order), deduplicates the
 * sentences of {@link StageSettings#dedupSplits()} ({@link DeduplicateSentences}; train only by
 * default) and computes per-(language, split) statistics ({@link ComputeCorpusStats}).
 *
 * <pre>{@code
 * StagedCorpora staged =
 *     pipeline.apply("StageCorpora",
 *         StageCorpora.of(CorpusSpec.parseAll(specStrings))
 *             .withSettings(StageSettings.defaults().withLabelMap("MISC=O")));
 * staged.sentences();   // PCollection<Sentence>
 * staged.deadLetters(); // PCollection<DeadLetter>
 * staged.stats();       // PCollection<CorpusStats>, one per (lang, split)
 * }</pre>
 */
public final class StageCorpora extends PTransform<PBegin, StagedCorpora> {
  private static final long serialVersionUID = 1L;

  private final List<CorpusSpec> specs;
  private final StageSettings settings;

  private StageCorpora(List<CorpusSpec> specs, StageSettings settings) {
    this.specs = List.copyOf(specs);
    this.settings = settings;
  }

  /** Stages the corpora of {@code specs} with default settings. */
  public static StageCorpora of(List<CorpusSpec> specs) {
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("no corpus spec given");
    }
    return new StageCorpora(specs, StageSettings.defaults());
  }

  /** A copy with other settings. */
  public StageCorpora withSettings(StageSettings settings) {
    return new StageCorpora(specs, settings);
  }

  @Override
  public StagedCorpora expand(PBegin begin) {
    PCollectionList<Sentence> parsed = PCollectionList.empty(begin.getPipeline());
    PCollectionList<KV<String, DeadLetter>> rejected = PCollectionList.empty(begin.getPipeline());
    for (int i = 0; i < specs.size(); i++) {
      CorpusSpec spec = specs.get(i);
      PCollectionTuple read =
          begin.apply("ReadCorpus" + i + "-" + spec.format().id(), new ReadCorpus(spec, settings));
      parsed = parsed.and(read.get(ParseCorpusFileFn.SENTENCES));
      rejected = rejected.and(read.get(ParseCorpusFileFn.DEAD_LETTERS));
    }
    PCollection<Sentence> sentences =
        parsed
            .apply("FlattenSentences", Flatten.pCollections())
            .setCoder(SpecificAvro.coder(Sentence.class))
            .apply(
                "DeduplicateSentences",
                new DeduplicateSentences(
                    DeduplicateSentences.DEFAULT_BUCKETS, settings.dedupSplits()));
    PCollection<KV<String, DeadLetter>> keyedDeadLetters =
        rejected
            .apply("FlattenDeadLetters", Flatten.pCollections())
            .setCoder(KvCoder.of(StringUtf8Coder.of(), SpecificAvro.coder(DeadLetter.class)));
    PCollection<CorpusStats> stats =
        PCollectionTuple.of(ComputeCorpusStats.SENTENCES, sentences)
            .and(ComputeCorpusStats.DEAD_LETTERS, keyedDeadLetters)
            .apply("ComputeStats", new ComputeCorpusStats());
    PCollection<DeadLetter> deadLetters =
        keyedDeadLetters
            .apply("DeadLetterValues", Values.create())
            .setCoder(SpecificAvro.coder(DeadLetter.class));
    return new StagedCorpora(begin.getPipeline(), sentences, deadLetters, stats);
  }
}

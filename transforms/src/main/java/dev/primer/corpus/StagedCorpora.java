package dev.primer.corpus;

import dev.primer.io.NamedOutputs;
import dev.primer.schemas.DeadLetter;
import dev.primer.schemas.Sentence;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;

/** The outputs of {@link StageCorpora}. */
public final class StagedCorpora extends NamedOutputs {
  /** Tag of {@link #sentences()}. */
  public static final TupleTag<Sentence> SENTENCES = new TupleTag<>("sentences");

  /** Tag of {@link #deadLetters()}. */
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>("deadLetters");

  /** Tag of {@link #stats()}. */
  public static final TupleTag<CorpusStats> STATS = new TupleTag<>("stats");

  private final PCollection<Sentence> sentences;
  private final PCollection<DeadLetter> deadLetters;
  private final PCollection<CorpusStats> stats;

  StagedCorpora(
      Pipeline pipeline,
      PCollection<Sentence> sentences,
      PCollection<DeadLetter> deadLetters,
      PCollection<CorpusStats> stats) {
    super(pipeline);
    this.sentences = output(SENTENCES, sentences);
    this.deadLetters = output(DEAD_LETTERS, deadLetters);
    this.stats = output(STATS, stats);
  }

  /** Deduplicated, IOB2, label-mapped sentences of every corpus. */
  public PCollection<Sentence> sentences() {
    return sentences;
  }

  /** Every rejected sentence or file, one dead letter each. */
  public PCollection<DeadLetter> deadLetters() {
    return deadLetters;
  }

  /** One element per (language, split) present in the sentences or dead letters. */
  public PCollection<CorpusStats> stats() {
    return stats;
  }
}

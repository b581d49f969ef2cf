package dev.primer.corpus;

import dev.primer.schemas.DeadLetter;
import dev.primer.schemas.Sentence;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/** The outputs of {@link StageCorpora}. */
public final class StagedCorpora implements POutput {
  /** Tag of {@link #sentences()}. */
  public static final TupleTag<Sentence> SENTENCES = new TupleTag<>("sentences");

  /** Tag of {@link #deadLetters()}. */
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>("deadLetters");

  /** Tag of {@link #stats()}. */
  public static final TupleTag<CorpusStats> STATS = new TupleTag<>("stats");

  private final Pipeline pipeline;
  private final PCollection<Sentence> sentences;
  private final PCollection<DeadLetter> deadLetters;
  private final PCollection<CorpusStats> stats;

  StagedCorpora(
      Pipeline pipeline,
      PCollection<Sentence> sentences,
      PCollection<DeadLetter> deadLetters,
      PCollection<CorpusStats> stats) {
    this.pipeline = pipeline;
    this.sentences = sentences;
    this.deadLetters = deadLetters;
    this.stats = stats;
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

  @Override
  public Pipeline getPipeline() {
    return pipeline;
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return Map.of(SENTENCES, sentences, DEAD_LETTERS, deadLetters, STATS, stats);
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {}
}

package dev.primer.vocab;

import java.util.Map;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollectionView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a WordPiece vocabulary on the summed word counts (a map side input) in one worker and
 * outputs the tokenizer.json text; runs once per input element (a single trigger element).
 */
final class TrainWordPieceFn extends DoFn<String, String> {

  private static final Logger LOG = LoggerFactory.getLogger(TrainWordPieceFn.class);

  private final WordPieceOptions options;
  private final PCollectionView<Map<String, Long>> wordCounts;

  TrainWordPieceFn(WordPieceOptions options, PCollectionView<Map<String, Long>> wordCounts) {
    this.options = options;
    this.wordCounts = wordCounts;
  }

  @ProcessElement
  public void process(ProcessContext c) {
    Map<String, Long> counts = c.sideInput(wordCounts);
    if (counts.isEmpty()) {
      throw new IllegalStateException("no words to learn a vocabulary from (empty corpus/splits)");
    }
    long t0 = System.nanoTime();
    TrainedVocabulary v = new WordPieceTrainer(options).train(counts);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    LOG.info(
        "learned {} WordPiece pieces ({} asked) from {} distinct words ({} units), alphabet {},"
            + " in {} ms",
        v.pieces().size(),
        options.vocabSize(),
        counts.size(),
        v.trainingWords(),
        v.alphabetSize(),
        ms);
    if (v.pieces().size() < options.vocabSize()) {
      LOG.warn(
          "only {} of {} pieces: no pair left with count >= {}",
          v.pieces().size(),
          options.vocabSize(),
          options.minFrequency());
    }
    Metrics.counter("primer.vocab", "training_words").inc(v.trainingWords());
    Metrics.counter("primer.vocab", "learned_pieces").inc(v.pieces().size());
    Metrics.distribution("primer.vocab", "training_millis").update(ms);
    c.output(v.toTokenizerJson().toJson());
  }
}

package dev.primer.learn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.primer.learn.data.Batcher;
import dev.primer.learn.data.BatchingOptions;
import dev.primer.learn.data.EncodedBatch;
import dev.primer.learn.model.EncoderModel;
import dev.primer.schemas.EncodedSentence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * What {@link TaggerTrainer} and {@link MaskedLmTrainer} share: the model, config, dev set,
 * trainable parameters and listeners their builders collect, batching from the config, and a run of
 * the {@link TrainingLoop} (seeded, single-threaded when the config says so) over an in-memory set
 * or a one-pass stream. A subclass supplies the batch loss and the dev evaluation.
 */
public abstract class EncoderTrainer {

  final EncoderModel model;
  final TrainingConfig config;
  final List<EncodedSentence> devSet;
  private final Predicate<String> trainable;
  private final List<TrainingObserver> listeners;

  EncoderTrainer(Builder<?> b, Predicate<String> trainable) {
    model = b.model;
    config = b.config;
    devSet = b.devSet;
    this.trainable = trainable;
    listeners = new ArrayList<>(b.listeners);
    if (b.logLabel != null) {
      listeners.add(0, new ProgressLogger(b.logLabel, config.logEvery()));
    }
  }

  /**
   * Trains for {@code epochs} (or {@code maxSteps}) over an in-memory set.
   *
   * @param train training sentences
   * @return the outcome; the model holds the best dev parameters when a dev set is given
   */
  public TrainingResult train(List<EncodedSentence> train) {
    Batcher batcher = new Batcher(batching(true));
    long total =
        config.maxSteps() > 0
            ? config.maxSteps()
            : (long) config.epochs() * batcher.batchesPerEpoch(train.size());
    return run(epoch -> batcher.epoch(train, epoch).iterator(), total);
  }

  /**
   * Trains in one pass over a stream (e.g. Avro records read by another stage).
   *
   * @param train training sentences
   * @param totalSteps number of updates planned (sets the schedule); training stops earlier if the
   *     stream ends
   * @return the outcome
   */
  public TrainingResult train(Iterator<EncodedSentence> train, long totalSteps) {
    Iterator<EncodedBatch> batches = new Batcher(batching(true)).stream(train);
    return run(epoch -> epoch == 0 ? batches : Collections.emptyIterator(), totalSteps);
  }

  private TrainingResult run(BatchSource source, long totalSteps) {
    Determinism.seed(config.seed());
    if (config.singleThreaded()) {
      Determinism.singleThreaded();
    }
    model.setTrainable(trainable);
    BiFunction<EncodedBatch, NDManager, NDArray> loss = batchLoss();
    DevEvaluation dev = devSet == null || devSet.isEmpty() ? null : devEvaluation();
    return new TrainingLoop(model, config, listeners).run(source, totalSteps, loss, dev);
  }

  /** The training loss of a batch (batch, step manager), built once a run starts. */
  abstract BiFunction<EncodedBatch, NDManager, NDArray> batchLoss();

  /** The dev evaluation, asked for when a dev set is given. */
  abstract DevEvaluation devEvaluation();

  /** Batching from the config; length buckets only when shuffling (training). */
  BatchingOptions batching(boolean shuffle) {
    return BatchingOptions.builder()
        .setBatchSize(config.batchSize())
        .optPadId(config.padId())
        .optSeed(config.seed())
        .optShuffle(shuffle)
        .optBucketByLength(shuffle && config.bucketByLength())
        .build();
  }

  /**
   * The options both trainers' builders take; model and config are required.
   *
   * @param <B> the concrete builder
   */
  public abstract static class Builder<B extends Builder<B>> {
    EncoderModel model;
    TrainingConfig config;
    List<EncodedSentence> devSet;
    Predicate<String> trainable;
    final List<TrainingObserver> listeners = new ArrayList<>();
    String logLabel;

    Builder(String logLabel) {
      this.logLabel = logLabel;
    }

    @SuppressWarnings("unchecked")
    private B self() {
      return (B) this;
    }

    public B setModel(EncoderModel model) {
      this.model = model;
      return self();
    }

    public B setConfig(TrainingConfig config) {
      this.config = config;
      return self();
    }

    /** Dev set for evaluation, early stopping and best-parameter restore. */
    public B optDevSet(List<EncodedSentence> devSet) {
      this.devSet = devSet;
      return self();
    }

    /** Which parameters (parameter names) train; the default depends on the trainer. */
    public B optTrainable(Predicate<String> trainable) {
      this.trainable = trainable;
      return self();
    }

    public B addListener(TrainingObserver listener) {
      listeners.add(listener);
      return self();
    }

    /** Label of the progress log lines; null disables the built-in logger. */
    public B optLogLabel(String logLabel) {
      this.logLabel = logLabel;
      return self();
    }
  }
}

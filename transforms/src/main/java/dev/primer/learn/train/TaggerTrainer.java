package dev.primer.learn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.primer.learn.data.Batcher;
import dev.primer.learn.data.BatchingOptions;
import dev.primer.learn.data.EncodedBatch;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.model.FastWeights;
import dev.primer.learn.model.ModelInputs;
import dev.primer.learn.peft.TrainableParameters;
import dev.primer.learn.util.TorchOps;
import dev.primer.schemas.EncodedSentence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Fine-tunes a token-classification model (full or PEFT) on {@link EncodedSentence}s, with dev
 * evaluation through a {@link TagEvaluator}, early stopping and best-parameter restore.
 *
 * <p>Which parameters train: by default those of the model's PEFT method plus the head (all of them
 * for {@code full}), see {@link TrainableParameters}; override with {@code optTrainable}.
 */
public final class TaggerTrainer {

  private final EncoderModel model;
  private final TrainingConfig config;
  private final TagEvaluator evaluator;
  private final List<EncodedSentence> devSet;
  private final Predicate<String> trainable;
  private final List<TrainingObserver> listeners;

  private TaggerTrainer(Builder b) {
    model = b.model;
    config = b.config;
    evaluator = b.evaluator;
    devSet = b.devSet;
    trainable =
        b.trainable != null ? b.trainable : TrainableParameters.predicate(model.peft().method());
    listeners = new ArrayList<>(b.listeners);
    if (b.logLabel != null) {
      listeners.add(0, new ProgressLogger(b.logLabel, config.logEvery()));
    }
  }

  /** A builder; model and config are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Trains for {@code epochs} (or {@code maxSteps}) over an in-memory set.
   *
   * @param train training sentences
   * @return the outcome; the model holds the best dev parameters when a dev set is given
   */
  public TrainingResult train(List<EncodedSentence> train) {
    if (train.isEmpty()) {
      throw new IllegalArgumentException("no training sentences");
    }
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
    Batcher batcher = new Batcher(batching(true));
    Iterator<EncodedBatch> batches = batcher.stream(train);
    return run(epoch -> epoch == 0 ? batches : Collections.emptyIterator(), totalSteps);
  }

  private TrainingResult run(BatchSource source, long totalSteps) {
    Determinism.seed(config.seed());
    if (config.singleThreaded()) {
      Determinism.singleThreaded();
    }
    model.setTrainable(trainable);
    FastWeights store = new FastWeights();
    DevEvaluation dev =
        devSet == null || devSet.isEmpty()
            ? null
            : () -> {
              TaggingEvaluation e = evaluate(devSet);
              return new DevEvaluation.Result(evaluator.name(), e.score(), e.loss());
            };
    return new TrainingLoop(model, config, listeners)
        .run(
            source,
            totalSteps,
            (batch, manager) -> TaggingLoss.compute(model, store, batch, manager, true),
            dev);
  }

  /**
   * Evaluates the current parameters (dropout off, no gradients).
   *
   * @param data labelled sentences
   * @return gold and predicted word-level tags in input order, score and mean loss
   */
  public TaggingEvaluation evaluate(List<EncodedSentence> data) {
    return evaluate(model, data, evaluator, config.batchSize(), config.padId());
  }

  /**
   * Evaluates a model (dropout off, no gradients).
   *
   * @param model a model with a token classifier
   * @param data labelled sentences
   * @param evaluator the score
   * @param batchSize sentences per forward pass
   * @param padId padding id
   * @return gold and predicted word-level tags in input order, score and mean loss
   */
  public static TaggingEvaluation evaluate(
      EncoderModel model,
      List<EncodedSentence> data,
      TagEvaluator evaluator,
      int batchSize,
      int padId) {
    Batcher batcher =
        new Batcher(
            BatchingOptions.builder()
                .setBatchSize(batchSize)
                .optPadId(padId)
                .optShuffle(false)
                .build());
    List<int[]> gold = new ArrayList<>(data.size());
    List<int[]> predicted = new ArrayList<>(data.size());
    FastWeights store = new FastWeights();
    double lossSum = 0;
    long labelled = 0;
    for (EncodedBatch batch : batcher.epoch(data, 0)) {
      try (DeviceLocks.Lease lease = DeviceLocks.lease(model.device());
          NDScope scope = new NDScope();
          NDManager manager = model.manager().newSubManager()) {
        scope.suppressNotUsedWarning();
        ModelInputs inputs =
            model.inputs(manager, batch.inputIds(), batch.lengths(), batch.width());
        NDArray logits = model.tokenLogits(store, inputs, false);
        TokenCrossEntropy.Targets targets =
            TokenCrossEntropy.targets(manager, batch.labels(), model.numLabels(), model.dataType());
        if (targets.count() > 0) {
          lossSum += TorchOps.toDouble(TokenCrossEntropy.loss(logits, targets)) * targets.count();
          labelled += targets.count();
        }
        long[] argMax = logits.argMax(-1).toLongArray();
        gold.addAll(WordTagDecoder.gold(batch));
        predicted.addAll(WordTagDecoder.predicted(batch, argMax));
      }
    }
    double score = evaluator.score(gold, predicted);
    return new TaggingEvaluation(
        gold, predicted, score, labelled == 0 ? Double.NaN : lossSum / labelled);
  }

  /**
   * Word-level predicted tags (first-subword rule) in input order.
   *
   * @param data sentences (labels not needed)
   * @return one tag-id array per sentence
   */
  public List<int[]> predict(List<EncodedSentence> data) {
    return evaluate(model, data, (g, p) -> 0, config.batchSize(), config.padId()).predicted();
  }

  private BatchingOptions batching(boolean shuffle) {
    return BatchingOptions.builder()
        .setBatchSize(config.batchSize())
        .optPadId(config.padId())
        .optSeed(config.seed())
        .optShuffle(shuffle)
        .optBucketByLength(config.bucketByLength())
        .build();
  }

  /** Builder of {@link TaggerTrainer}. */
  public static final class Builder {
    private EncoderModel model;
    private TrainingConfig config;
    private TagEvaluator evaluator = new TokenAccuracyEvaluator();
    private List<EncodedSentence> devSet;
    private Predicate<String> trainable;
    private final List<TrainingObserver> listeners = new ArrayList<>();
    private String logLabel = "finetune";

    private Builder() {}

    public Builder setModel(EncoderModel model) {
      this.model = model;
      return this;
    }

    public Builder setConfig(TrainingConfig config) {
      this.config = config;
      return this;
    }

    /** Dev-set score (default: token accuracy). */
    public Builder optEvaluator(TagEvaluator evaluator) {
      this.evaluator = evaluator;
      return this;
    }

    /** Dev set for evaluation, early stopping and best-parameter restore. */
    public Builder optDevSet(List<EncodedSentence> devSet) {
      this.devSet = devSet;
      return this;
    }

    /** Which parameters (parameter names) train; default from the model's PEFT method. */
    public Builder optTrainable(Predicate<String> trainable) {
      this.trainable = trainable;
      return this;
    }

    public Builder addListener(TrainingObserver listener) {
      listeners.add(listener);
      return this;
    }

    /** Label of the progress log lines; null disables the built-in logger. */
    public Builder optLogLabel(String logLabel) {
      this.logLabel = logLabel;
      return this;
    }

    public TaggerTrainer build() {
      if (model == null || config == null) {
        throw new IllegalArgumentException("TaggerTrainer needs a model and a config");
      }
      if (model.numLabels() == 0) {
        throw new IllegalArgumentException("the model has no token classifier head");
      }
      return new TaggerTrainer(this);
    }
  }
}

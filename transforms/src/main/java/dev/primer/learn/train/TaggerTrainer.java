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
import java.util.List;
import java.util.function.BiFunction;

/**
 * Fine-tunes a token-classification model (full or PEFT) on {@link EncodedSentence}s, with dev
 * evaluation through a {@link TagEvaluator}, early stopping and best-parameter restore.
 *
 * <p>Which parameters train: by default those of the model's PEFT method plus the head (all of them
 * for {@code full}), see {@link TrainableParameters}; override with {@code optTrainable}.
 */
public final class TaggerTrainer extends EncoderTrainer {

  private final TagEvaluator evaluator;

  private TaggerTrainer(Builder b) {
    super(
        b,
        b.trainable != null ? b.trainable : TrainableParameters.predicate(b.model.peft().method()));
    evaluator = b.evaluator;
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
  @Override
  public TrainingResult train(List<EncodedSentence> train) {
    if (train.isEmpty()) {
      throw new IllegalArgumentException("no training sentences");
    }
    return super.train(train);
  }

  @Override
  BiFunction<EncodedBatch, NDManager, NDArray> batchLoss() {
    FastWeights store = new FastWeights();
    return (batch, manager) -> TaggingLoss.compute(model, store, batch, manager, true);
  }

  @Override
  DevEvaluation devEvaluation() {
    return () -> {
      TaggingEvaluation e = evaluate(devSet);
      return new DevEvaluation.Result(evaluator.name(), e.score(), e.loss());
    };
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

  /** Builder of {@link TaggerTrainer}. */
  public static final class Builder extends EncoderTrainer.Builder<Builder> {
    private TagEvaluator evaluator = new TokenAccuracyEvaluator();

    private Builder() {
      super("finetune");
    }

    /** Dev-set score (default: token accuracy). */
    public Builder optEvaluator(TagEvaluator evaluator) {
      this.evaluator = evaluator;
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

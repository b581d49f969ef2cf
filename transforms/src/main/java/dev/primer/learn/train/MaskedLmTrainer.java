package dev.primer.learn.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.primer.learn.data.Batcher;
import dev.primer.learn.data.BatchingOptions;
import dev.primer.learn.data.EncodedBatch;
import dev.primer.learn.data.MaskedLmBatch;
import dev.primer.learn.data.MlmMasker;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.model.FastWeights;
import dev.primer.learn.util.Seeds;
import dev.primer.learn.util.TorchOps;
import dev.primer.schemas.EncodedSentence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Masked-LM pretraining (BERT 80/10/10 masking), from scratch or continued from loaded weights. Dev
 * evaluation scores the negated mean masked-LM loss (dev masking is seeded, hence the same at every
 * evaluation), with early stopping and best-parameter restore as for fine-tuning.
 */
public final class MaskedLmTrainer {

  private final EncoderModel model;
  private final TrainingConfig config;
  private final MlmMasker masker;
  private final List<EncodedSentence> devSet;
  private final Predicate<String> trainable;
  private final List<TrainingObserver> listeners;

  private MaskedLmTrainer(Builder b) {
    model = b.model;
    config = b.config;
    masker = b.masker;
    devSet = b.devSet;
    trainable = b.trainable;
    listeners = new ArrayList<>(b.listeners);
    if (b.logLabel != null) {
      listeners.add(0, new ProgressLogger(b.logLabel, config.logEvery()));
    }
  }

  /** A builder; model (with the masked-LM head), config and masker are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Trains over an in-memory set.
   *
   * @param train sentences (labels are not used)
   * @return the outcome
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
   * Trains in one pass over a stream.
   *
   * @param train sentences
   * @param totalSteps planned number of updates
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
    SplittableRandom masking = new SplittableRandom(Seeds.trainMasking(config.seed()));
    FastWeights store = new FastWeights();
    DevEvaluation dev =
        devSet == null || devSet.isEmpty()
            ? null
            : () -> {
              double loss = evaluateLoss(devSet);
              return new DevEvaluation.Result("neg_mlm_loss", -loss, loss);
            };
    return new TrainingLoop(model, config, listeners)
        .run(
            source,
            totalSteps,
            (batch, manager) ->
                MaskedLmLoss.compute(model, store, masker.mask(batch, masking), manager, true),
            dev);
  }

  /**
   * Mean masked-LM loss (per masked position) with a fixed masking seed, dropout off.
   *
   * @param data sentences
   * @return the loss
   */
  public double evaluateLoss(List<EncodedSentence> data) {
    Batcher batcher = new Batcher(batching(false));
    SplittableRandom masking = new SplittableRandom(Seeds.devMasking(config.seed()));
    FastWeights store = new FastWeights();
    double sum = 0;
    long count = 0;
    for (EncodedBatch batch : batcher.epoch(data, 0)) {
      MaskedLmBatch masked = masker.mask(batch, masking);
      try (DeviceLocks.Lease lease = DeviceLocks.lease(model.device());
          NDScope scope = new NDScope();
          NDManager manager = model.manager().newSubManager()) {
        scope.suppressNotUsedWarning();
        double loss = TorchOps.toDouble(MaskedLmLoss.compute(model, store, masked, manager, false));
        sum += loss * masked.positions().length;
        count += masked.positions().length;
      }
    }
    return sum / count;
  }

  private BatchingOptions batching(boolean shuffle) {
    return BatchingOptions.builder()
        .setBatchSize(config.batchSize())
        .optPadId(config.padId())
        .optSeed(config.seed())
        .optShuffle(shuffle)
        .optBucketByLength(shuffle && config.bucketByLength())
        .build();
  }

  /** Builder of {@link MaskedLmTrainer}. */
  public static final class Builder {
    private EncoderModel model;
    private TrainingConfig config;
    private MlmMasker masker;
    private List<EncodedSentence> devSet;
    private Predicate<String> trainable = n -> true;
    private final List<TrainingObserver> listeners = new ArrayList<>();
    private String logLabel = "mlm";

    private Builder() {}

    public Builder setModel(EncoderModel model) {
      this.model = model;
      return this;
    }

    public Builder setConfig(TrainingConfig config) {
      this.config = config;
      return this;
    }

    /** The corruption, e.g. {@code new MlmMasker(0.15, 103, vocabSize)}. */
    public Builder setMasker(MlmMasker masker) {
      this.masker = masker;
      return this;
    }

    public Builder optDevSet(List<EncodedSentence> devSet) {
      this.devSet = devSet;
      return this;
    }

    /** Which parameters train (default: all). */
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

    public MaskedLmTrainer build() {
      if (model == null || config == null || masker == null) {
        throw new IllegalArgumentException("MaskedLmTrainer needs a model, a config and a masker");
      }
      if (!model.hasMaskedLmHead()) {
        throw new IllegalArgumentException("the model has no masked-LM head");
      }
      return new MaskedLmTrainer(this);
    }
  }
}

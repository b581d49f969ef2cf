package dev.primer.learn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.primer.learn.data.Batcher;
import dev.primer.learn.data.EncodedBatch;
import dev.primer.learn.data.MaskedLmBatch;
import dev.primer.learn.data.MlmMasker;
import dev.primer.learn.model.FastWeights;
import dev.primer.learn.util.Seeds;
import dev.primer.learn.util.TorchOps;
import dev.primer.schemas.EncodedSentence;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * Masked-LM pretraining (BERT 80/10/10 masking), from scratch or continued from loaded weights. Dev
 * evaluation scores the negated mean masked-LM loss (dev masking is seeded, hence the same at every
 * evaluation), with early stopping and best-parameter restore as for fine-tuning.
 */
public final class MaskedLmTrainer extends EncoderTrainer {

  private final MlmMasker masker;

  private MaskedLmTrainer(Builder b) {
    super(b, b.trainable != null ? b.trainable : n -> true);
    masker = b.masker;
  }

  /** A builder; model (with the masked-LM head), config and masker are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  BiFunction<EncodedBatch, NDManager, NDArray> batchLoss() {
    SplittableRandom masking = new SplittableRandom(Seeds.trainMasking(config.seed()));
    FastWeights store = new FastWeights();
    return (batch, manager) ->
        MaskedLmLoss.compute(model, store, masker.mask(batch, masking), manager, true);
  }

  @Override
  DevEvaluation devEvaluation() {
    return () -> {
      double loss = evaluateLoss(devSet);
      return new DevEvaluation.Result("neg_mlm_loss", -loss, loss);
    };
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

  /** Builder of {@link MaskedLmTrainer}. */
  public static final class Builder extends EncoderTrainer.Builder<Builder> {
    private MlmMasker masker;

    private Builder() {
      super("mlm");
    }

    /** The corruption, e.g. {@code new MlmMasker(0.15, 103, vocabSize)}. */
    public Builder setMasker(MlmMasker masker) {
      this.masker = masker;
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

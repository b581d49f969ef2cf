package dev.primer.learn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.primer.learn.data.EncodedBatch;
import dev.primer.learn.data.MaskedLmBatch;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.model.ModelInputs;

/** The masked-LM loss of a masked batch: mean cross-entropy over the selected positions. */
public final class MaskedLmLoss {

  private MaskedLmLoss() {}

  /**
   * Computes the loss.
   *
   * @param model a model with the masked-LM head
   * @param store parameter values
   * @param batch the masked batch
   * @param manager manager for the input arrays (keep open until backward is done)
   * @param training whether dropout is active
   * @return a 0-d loss
   */
  public static NDArray compute(
      EncoderModel model,
      ParameterStore store,
      MaskedLmBatch batch,
      NDManager manager,
      boolean training) {
    EncodedBatch source = batch.source();
    ModelInputs inputs = model.inputs(manager, batch.inputIds(), source.lengths(), source.width());
    NDArray positions = manager.create(batch.positions());
    NDArray logits = model.maskedLmLogits(store, inputs, positions, training);
    TokenCrossEntropy.Targets targets =
        TokenCrossEntropy.targets(
            manager, batch.targets(), model.config().vocabSize(), model.dataType());
    return TokenCrossEntropy.loss(logits, targets);
  }
}

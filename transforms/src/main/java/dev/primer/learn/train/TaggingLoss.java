package dev.primer.learn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.primer.learn.data.EncodedBatch;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.model.ModelInputs;

/** The token-classification loss of a batch under given parameter values. */
public final class TaggingLoss {

  private TaggingLoss() {}

  /**
   * Mean cross-entropy over the labelled subwords of {@code batch}.
   *
   * @param model a model with a token classifier
   * @param store parameter values (the model's own, or fast weights)
   * @param batch the batch
   * @param manager manager for the input arrays (keep open until backward is done)
   * @param training whether dropout is active
   * @return a 0-d loss
   */
  public static NDArray compute(
      EncoderModel model,
      ParameterStore store,
      EncodedBatch batch,
      NDManager manager,
      boolean training) {
    ModelInputs inputs = model.inputs(manager, batch.inputIds(), batch.lengths(), batch.width());
    NDArray logits = model.tokenLogits(store, inputs, training);
    TokenCrossEntropy.Targets targets =
        TokenCrossEntropy.targets(manager, batch.labels(), model.numLabels(), model.dataType());
    return TokenCrossEntropy.loss(logits, targets);
  }
}

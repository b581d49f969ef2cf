package dev.primer.learn.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.primer.learn.model.EncoderConfig;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.model.FastWeights;
import dev.primer.learn.model.ModelInputs;
import dev.primer.learn.peft.PeftConfig;

/** Very small encoders and inputs for fast unit tests. */
public final class TinyModels {

  private TinyModels() {}

  /** Hidden 32, 2 layers, 4 heads, intermediate 64, vocabulary 40, 64 positions. */
  public static EncoderConfig config() {
    return EncoderConfig.builder()
        .setVocabSize(40)
        .setHiddenSize(32)
        .setNumLayers(2)
        .setNumHeads(4)
        .setIntermediateSize(64)
        .setMaxPositions(64)
        .build();
  }

  /** An initialised model with a token classifier. */
  public static EncoderModel tagger(
      NDManager manager, EncoderConfig config, PeftConfig peft, int labels, DataType type) {
    EncoderModel model =
        EncoderModel.builder().setConfig(config).optPeft(peft).optTokenClassifier(labels).build();
    model.initialize(manager, type);
    return model;
  }

  /** Right-padded inputs for the given rows of token ids. */
  public static ModelInputs inputs(NDManager manager, EncoderModel model, int[][] rows) {
    int width = 0;
    for (int[] row : rows) {
      width = Math.max(width, row.length);
    }
    long[] ids = new long[rows.length * width];
    int[] lengths = new int[rows.length];
    for (int b = 0; b < rows.length; b++) {
      lengths[b] = rows[b].length;
      for (int t = 0; t < rows[b].length; t++) {
        ids[b * width + t] = rows[b][t];
      }
    }
    return model.inputs(manager, ids, lengths, width);
  }

  /** Hidden states of a batch in eval mode. */
  public static NDArray encode(EncoderModel model, ModelInputs inputs) {
    return model.encode(new FastWeights(), inputs, false);
  }
}

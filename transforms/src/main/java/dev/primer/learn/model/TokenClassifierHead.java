package dev.primer.learn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.primer.learn.util.TorchOps;

/** Token classification head: dropout then {@code classifier} (Linear H to labels). */
public final class TokenClassifierHead extends EncoderBlock {

  private final int numLabels;
  private final double dropout;
  private final Dense classifier;

  private TokenClassifierHead(Builder b) {
    numLabels = b.numLabels;
    dropout = b.config.hiddenDropout();
    classifier =
        addChildBlock(
            "classifier",
            Dense.builder()
                .setInFeatures(b.config.hiddenSize())
                .setOutFeatures(numLabels)
                .setInitStd(b.config.initializerRange())
                .build());
  }

  /** A builder; config and number of labels are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Number of labels. */
  public int numLabels() {
    return numLabels;
  }

  /** Logits {@code [..., labels]} for hidden states {@code [..., H]}. */
  public NDArray apply(ParameterStore store, NDArray hidden, boolean training) {
    return classifier.apply(store, TorchOps.dropout(hidden, dropout, training), training);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(store, inputs.head(), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return classifier.getOutputShapes(inputShapes);
  }

  @Override
  public void registerTensors(String prefix, TensorRegistry registry) {
    classifier.registerTensors(prefix + "classifier.", registry);
  }

  /** Builder of {@link TokenClassifierHead}. */
  public static final class Builder {
    private EncoderConfig config;
    private int numLabels;

    private Builder() {}

    public Builder setConfig(EncoderConfig config) {
      this.config = config;
      return this;
    }

    public Builder setNumLabels(int numLabels) {
      this.numLabels = numLabels;
      return this;
    }

    public TokenClassifierHead build() {
      if (config == null || numLabels <= 0) {
        throw new IllegalArgumentException("token classifier needs a config and labels > 0");
      }
      return new TokenClassifierHead(this);
    }
  }
}

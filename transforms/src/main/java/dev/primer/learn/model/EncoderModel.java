package dev.primer.learn.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.util.TorchOps;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A BERT/XLM-R encoder ({@code bert.*}) with optional PEFT modules and heads (token classifier
 * {@code classifier.*}, masked-LM {@code cls.predictions.*}).
 *
 * <p>Every forward method takes a {@link ParameterStore}: pass {@link FastWeights} to substitute
 * parameter values (MAML's adapted weights) without touching the model. Parameters are named in
 * HuggingFace style: {@link #parameters()} and {@link StateDicts} use the same names.
 *
 * <p>Typical use: {@code EncoderModel.builder().setConfig(cfg).optPeft(peft).optTokenClassifier(n)
 * .build()}, then {@link #initialize(NDManager, DataType)}, then optionally {@link
 * StateDicts#load}, then {@link #setTrainable(Predicate)} (see {@code Peft.trainable}).
 */
public final class EncoderModel extends EncoderBlock {

  private final EncoderConfig config;
  private final PeftConfig peft;
  private final BertEmbeddings embeddings;
  private final List<EncoderLayer> layers;
  private final PrefixEncoder prefix;
  private final TokenClassifierHead classifier;
  private final MaskedLmHead maskedLm;
  private final TensorRegistry registry = new TensorRegistry();
  private DataType dataType;
  private Device device;
  private NDManager manager;

  private EncoderModel(Builder b) {
    config = b.config;
    peft = b.peft;
    embeddings = addChildBlock("embeddings", BertEmbeddings.builder().setConfig(config).build());
    List<EncoderLayer> list = new ArrayList<>();
    for (int i = 0; i < config.numLayers(); i++) {
      list.add(
          addChildBlock(
              "layer" + i, EncoderLayer.builder().setConfig(config).optPeft(peft).build()));
    }
    layers = Collections.unmodifiableList(list);
    prefix =
        peft.hasPrefix()
            ? addChildBlock(
                "prefix",
                PrefixEncoder.builder()
                    .setConfig(config)
                    .setLength(peft.prefixLength())
                    .optProjection(peft.prefixProjection(), peft.prefixHiddenSize())
                    .build())
            : null;
    classifier =
        b.numLabels > 0
            ? addChildBlock(
                "classifier",
                TokenClassifierHead.builder().setConfig(config).setNumLabels(b.numLabels).build())
            : null;
    maskedLm =
        b.maskedLm
            ? addChildBlock(
                "cls",
                MaskedLmHead.builder()
                    .setConfig(config)
                    .setTiedWeight(embeddings.wordEmbeddings())
                    .build())
            : null;
    registerTensors("", registry);
  }

  /** A builder; the encoder config is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates the parameter arrays (BERT initialisation: normal weights, zero biases, unit LayerNorm)
   * on {@code manager}'s device. The caller owns {@code manager}; closing it frees the model's
   * arrays.
   *
   * @param manager manager for the parameters
   * @param type {@link DataType#FLOAT32} for training, {@link DataType#FLOAT64} for checks
   */
  public void initialize(NDManager manager, DataType type) {
    if (type != DataType.FLOAT32 && type != DataType.FLOAT64) {
      throw new IllegalArgumentException("only float32 and float64 models are supported: " + type);
    }
    initialize(manager, type, new Shape[0]);
    this.dataType = type;
    this.device = manager.getDevice();
    this.manager = manager;
  }

  /** The encoder configuration. */
  public EncoderConfig config() {
    return config;
  }

  /** The PEFT configuration the model was built with. */
  public PeftConfig peft() {
    return peft;
  }

  /** Element type of the parameters (after {@link #initialize(NDManager, DataType)}). */
  public DataType dataType() {
    requireInitialized();
    return dataType;
  }

  /** Device of the parameters (after {@link #initialize(NDManager, DataType)}). */
  public Device device() {
    requireInitialized();
    return device;
  }

  /** The manager owning the parameters (after {@link #initialize(NDManager, DataType)}). */
  public NDManager manager() {
    requireInitialized();
    return manager;
  }

  /** Number of prefix positions prepended to attention keys (0 without prefix-tuning). */
  public int prefixLength() {
    return prefix == null ? 0 : prefix.length();
  }

  /** Number of token-classification labels (0 without a classifier head). */
  public int numLabels() {
    return classifier == null ? 0 : classifier.numLabels();
  }

  /** Whether the model has the masked-LM head. */
  public boolean hasMaskedLmHead() {
    return maskedLm != null;
  }

  /** Parameters by (HuggingFace) name, in a stable order. */
  public Map<String, Parameter> parameters() {
    return registry.parameters();
  }

  /** The state-dict tensors (HuggingFace names) and where they live. */
  public List<TensorSlot> tensorSlots() {
    return registry.slots();
  }

  /**
   * The parameter with this name.
   *
   * @throws IllegalArgumentException if there is none
   */
  public Parameter parameter(String name) {
    Parameter p = registry.parameters().get(name);
    if (p == null) {
      throw new IllegalArgumentException("model has no parameter named " + name);
    }
    return p;
  }

  /**
   * Makes exactly the parameters whose name passes {@code trainable} require gradients (the others
   * are frozen and get none).
   *
   * @param trainable predicate on parameter names
   * @return the names of the trainable parameters
   */
  public List<String> setTrainable(Predicate<String> trainable) {
    requireInitialized();
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, Parameter> e : registry.parameters().entrySet()) {
      boolean train = trainable.test(e.getKey());
      e.getValue().freeze(!train);
      if (train) {
        names.add(e.getKey());
      }
    }
    return names;
  }

  /** Trainable parameters by name, in a stable order. */
  public Map<String, Parameter> trainableParameters() {
    Map<String, Parameter> out = new LinkedHashMap<>();
    registry
        .parameters()
        .forEach(
            (n, p) -> {
              if (p.requiresGradient()) {
                out.put(n, p);
              }
            });
    return out;
  }

  /**
   * Makes the inputs of a right-padded batch for this model (prefix width and float type included).
   *
   * @param manager manager of the arrays (normally the step's)
   * @param inputIds {@code lengths.length * width} ids, padded
   * @param lengths real lengths
   * @param width padded width
   * @return the inputs
   */
  public ModelInputs inputs(NDManager manager, long[] inputIds, int[] lengths, int width) {
    return ModelInputs.of(manager, inputIds, lengths, width, prefixLength(), dataType());
  }

  /**
   * Final hidden states.
   *
   * @param store parameter values ({@link FastWeights} or any store)
   * @param inputs the batch
   * @param training whether dropout is active
   * @return {@code [B, T, H]}
   */
  public NDArray encode(ParameterStore store, ModelInputs inputs, boolean training) {
    requireInitialized();
    NDArray hidden = embeddings.apply(store, inputs.inputIds(), inputs.tokenTypeIds(), training);
    NDList prefixes =
        prefix == null ? null : prefix.apply(store, inputs.batchSize(), device, training);
    for (int i = 0; i < layers.size(); i++) {
      NDArray key = prefixes == null ? null : prefixes.get(2 * i);
      NDArray value = prefixes == null ? null : prefixes.get(2 * i + 1);
      hidden = layers.get(i).apply(store, hidden, inputs.attentionBias(), key, value, training);
    }
    return hidden;
  }

  /**
   * Token-classification logits.
   *
   * @return {@code [B, T, labels]}
   */
  public NDArray tokenLogits(ParameterStore store, ModelInputs inputs, boolean training) {
    if (classifier == null) {
      throw new IllegalStateException("model was built without a token classifier head");
    }
    return classifier.apply(store, encode(store, inputs, training), training);
  }

  /**
   * Masked-LM logits at chosen positions only (the decoder is the costly part, so it runs on the
   * masked positions alone).
   *
   * @param store parameter values
   * @param inputs the (masked) batch
   * @param positions int64 {@code [K]}: flat indices {@code b * T + t} of the positions to predict
   * @param training whether dropout is active
   * @return {@code [K, V]}
   */
  public NDArray maskedLmLogits(
      ParameterStore store, ModelInputs inputs, NDArray positions, boolean training) {
    if (maskedLm == null) {
      throw new IllegalStateException("model was built without a masked-LM head");
    }
    NDArray hidden = encode(store, inputs, training);
    NDArray flat = hidden.reshape(-1, config.hiddenSize());
    return maskedLm.apply(store, TorchOps.embedding(positions, flat), training);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray types = inputs.size() > 2 ? inputs.get(2) : null;
    return new NDList(
        encode(store, new ModelInputs(inputs.get(0), inputs.get(1), types), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0].add(config.hiddenSize())};
  }

  @Override
  public void registerTensors(String prefixName, TensorRegistry into) {
    embeddings.registerTensors("bert.embeddings.", into);
    for (int i = 0; i < layers.size(); i++) {
      layers.get(i).registerTensors("bert.encoder.layer." + i + ".", into);
    }
    if (prefix != null) {
      prefix.registerTensors("prefix.", into);
    }
    if (maskedLm != null) {
      maskedLm.registerTensors("cls.predictions.", into);
    }
    if (classifier != null) {
      classifier.registerTensors("", into);
    }
  }

  private void requireInitialized() {
    if (dataType == null) {
      throw new IllegalStateException("call initialize(manager, dataType) first");
    }
  }

  /** Builder of {@link EncoderModel}. */
  public static final class Builder {
    private EncoderConfig config;
    private PeftConfig peft = PeftConfig.full();
    private int numLabels;
    private boolean maskedLm;

    private Builder() {}

    public Builder setConfig(EncoderConfig config) {
      this.config = config;
      return this;
    }

    /** PEFT modules to insert (default: none, i.e. full fine-tuning). */
    public Builder optPeft(PeftConfig peft) {
      this.peft = peft;
      return this;
    }

    /** Adds a token-classification head with this many labels. */
    public Builder optTokenClassifier(int numLabels) {
      if (numLabels <= 0) {
        throw new IllegalArgumentException("numLabels must be > 0, got " + numLabels);
      }
      this.numLabels = numLabels;
      return this;
    }

    /** Adds the masked-LM head (decoder tied to the word embeddings). */
    public Builder optMaskedLm() {
      this.maskedLm = true;
      return this;
    }

    public EncoderModel build() {
      if (config == null || peft == null) {
        throw new IllegalArgumentException("EncoderModel needs an EncoderConfig");
      }
      return new EncoderModel(this);
    }
  }
}

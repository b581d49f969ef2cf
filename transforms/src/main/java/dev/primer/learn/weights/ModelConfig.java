package dev.primer.learn.weights;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.primer.Json;
import dev.primer.learn.model.EncoderConfig;
import dev.primer.learn.model.ModelType;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Predicate;

/**
 * primer's one model of HuggingFace's {@code config.json} ({@code vocab_size}, {@code hidden_size},
 * {@code num_hidden_layers}, ...): checkpoints, imports and exports read and write the file only
 * through it. Keeps every field of the file, so unknown fields survive a round trip; typed getters
 * cover the ones the BERT/XLM-R encoder needs. The encoder's own typed settings, {@link
 * EncoderConfig}, convert to and from it directly ({@link #of(EncoderConfig)}, {@link
 * #encoderConfig()}; no JSON text in between). Immutable.
 */
public final class ModelConfig {

  /** Fields that fix the shapes of the parameters, plus the model type. */
  public static final List<String> ARCHITECTURE_KEYS =
      List.of(
          "model_type",
          "vocab_size",
          "hidden_size",
          "num_hidden_layers",
          "num_attention_heads",
          "intermediate_size",
          "max_position_embeddings",
          "type_vocab_size");

  private static final ObjectMapper JSON = Json.mapper();

  private final ObjectNode json;

  private ModelConfig(ObjectNode json) {
    this.json = json;
  }

  /** Wraps a copy of {@code json}. */
  public static ModelConfig of(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("A model config must be a JSON object");
    }
    return new ModelConfig(((ObjectNode) json).deepCopy());
  }

  /** Parses a {@code config.json}. */
  public static ModelConfig parse(InputStream in, String source) throws IOException {
    JsonNode node;
    try {
      node = JSON.readTree(in);
    } catch (IOException e) {
      throw new IOException(source + ": malformed JSON: " + e.getMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new IOException(source + ": not a JSON object");
    }
    return new ModelConfig((ObjectNode) node);
  }

  /** Parses {@code config.json} text; IllegalArgumentException when it is not a JSON object. */
  public static ModelConfig fromJson(String text) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException("encoder config is not valid JSON: " + e.getMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("encoder config must be a JSON object");
    }
    return new ModelConfig((ObjectNode) node);
  }

  /**
   * The {@code config.json} form of an encoder's settings: the keys BERT and XLM-R checkpoints use,
   * in this order, {@code hidden_act} always {@code gelu} (erf, the only activation implemented).
   */
  public static ModelConfig of(EncoderConfig c) {
    return new ModelConfig(
        JSON.valueToTree(
            new EncoderKeys(
                c.modelType().hfName(),
                c.vocabSize(),
                c.hiddenSize(),
                c.numLayers(),
                c.numHeads(),
                c.intermediateSize(),
                "gelu",
                c.maxPositions(),
                c.typeVocabSize(),
                c.hiddenDropout(),
                c.attentionDropout(),
                c.layerNormEps(),
                c.padTokenId(),
                c.initializerRange())));
  }

  /** The {@code config.json} keys of an {@link EncoderConfig}, in the order they are written. */
  @JsonPropertyOrder({
    "model_type",
    "vocab_size",
    "hidden_size",
    "num_hidden_layers",
    "num_attention_heads",
    "intermediate_size",
    "hidden_act",
    "max_position_embeddings",
    "type_vocab_size",
    "hidden_dropout_prob",
    "attention_probs_dropout_prob",
    "layer_norm_eps",
    "pad_token_id",
    "initializer_range"
  })
  private record EncoderKeys(
      @JsonProperty("model_type") String modelType,
      @JsonProperty("vocab_size") int vocabSize,
      @JsonProperty("hidden_size") int hiddenSize,
      @JsonProperty("num_hidden_layers") int numHiddenLayers,
      @JsonProperty("num_attention_heads") int numAttentionHeads,
      @JsonProperty("intermediate_size") int intermediateSize,
      @JsonProperty("hidden_act") String hiddenAct,
      @JsonProperty("max_position_embeddings") int maxPositionEmbeddings,
      @JsonProperty("type_vocab_size") int typeVocabSize,
      @JsonProperty("hidden_dropout_prob") double hiddenDropoutProb,
      @JsonProperty("attention_probs_dropout_prob") double attentionProbsDropoutProb,
      @JsonProperty("layer_norm_eps") double layerNormEps,
      @JsonProperty("pad_token_id") int padTokenId,
      @JsonProperty("initializer_range") double initializerRange) {}

  /** A BERT configuration with BERT's defaults for the other fields (GELU, eps 1e-12, pad 0). */
  public static ModelConfig bert(
      int vocabSize,
      int hiddenSize,
      int layers,
      int heads,
      int intermediateSize,
      int maxPositions,
      int typeVocabSize) {
    ObjectNode n = JSON.createObjectNode();
    n.put("model_type", "bert");
    n.put("vocab_size", vocabSize);
    n.put("hidden_size", hiddenSize);
    n.put("num_hidden_layers", layers);
    n.put("num_attention_heads", heads);
    n.put("intermediate_size", intermediateSize);
    n.put("max_position_embeddings", maxPositions);
    n.put("type_vocab_size", typeVocabSize);
    n.put("hidden_act", "gelu");
    n.put("layer_norm_eps", 1e-12);
    n.put("pad_token_id", 0);
    n.put("hidden_dropout_prob", 0.1);
    n.put("attention_probs_dropout_prob", 0.1);
    n.put("initializer_range", 0.02);
    return new ModelConfig(n);
  }

  /** A copy of the JSON. */
  public ObjectNode toJson() {
    return json.deepCopy();
  }

  /** Pretty-printed JSON text. */
  public String toJsonString() {
    try {
      return JSON.writeValueAsString(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A copy with {@code key} set to an integer. */
  public ModelConfig with(String key, long value) {
    ObjectNode copy = json.deepCopy();
    copy.put(key, value);
    return new ModelConfig(copy);
  }

  /** A copy with {@code key} set to a string. */
  public ModelConfig with(String key, String value) {
    ObjectNode copy = json.deepCopy();
    copy.put(key, value);
    return new ModelConfig(copy);
  }

  /** A copy without {@code key}. */
  public ModelConfig without(String key) {
    ObjectNode copy = json.deepCopy();
    copy.remove(key);
    return new ModelConfig(copy);
  }

  /** Whether the field is present and not null. */
  public boolean has(String key) {
    return json.hasNonNull(key);
  }

  /** A raw field, or {@code null}. */
  public JsonNode get(String key) {
    return json.get(key);
  }

  /** An integer field; fails with a message naming it when absent. */
  public int intValue(String key) {
    JsonNode v = json.get(key);
    if (v == null || !v.canConvertToInt()) {
      throw new IllegalArgumentException("Model config has no integer field " + key);
    }
    return v.asInt();
  }

  /** {@code model_type}, "bert" when absent. */
  public String modelType() {
    return json.path("model_type").asText("bert");
  }

  /** {@code vocab_size}. */
  public int vocabSize() {
    return intValue("vocab_size");
  }

  /** {@code hidden_size}. */
  public int hiddenSize() {
    return intValue("hidden_size");
  }

  /** {@code num_hidden_layers}. */
  public int numHiddenLayers() {
    return intValue("num_hidden_layers");
  }

  /** {@code num_attention_heads}. */
  public int numAttentionHeads() {
    return intValue("num_attention_heads");
  }

  /** {@code intermediate_size}. */
  public int intermediateSize() {
    return intValue("intermediate_size");
  }

  /** {@code max_position_embeddings}. */
  public int maxPositionEmbeddings() {
    return intValue("max_position_embeddings");
  }

  /** {@code type_vocab_size}, 2 when absent (HF default). */
  public int typeVocabSize() {
    return json.path("type_vocab_size").asInt(2);
  }

  /** {@code layer_norm_eps}, 1e-12 when absent (HF default). */
  public double layerNormEps() {
    return json.path("layer_norm_eps").asDouble(1e-12);
  }

  /** {@code pad_token_id}, 0 when absent (HF BERT default). */
  public int padTokenId() {
    return json.path("pad_token_id").asInt(0);
  }

  /** {@code hidden_act}, "gelu" when absent. */
  public String hiddenAct() {
    return json.path("hidden_act").asText("gelu");
  }

  /**
   * Index of the position-embedding row used by the first token: 0 for BERT; {@code pad_token_id +
   * 1} (2 for XLM-R) for RoBERTa-style models, whose position ids count from the padding index.
   */
  public int positionOffset() {
    switch (modelType()) {
      case "roberta":
      case "xlm-roberta":
      case "camembert":
        return padTokenId() + 1;
      default:
        return 0;
    }
  }

  /**
   * The encoder settings this config describes. Unknown keys are ignored; {@code model_type} is
   * required; missing keys take the defaults of the matching {@code model_type} ({@code
   * layer_norm_eps} 1e-12 for BERT, 1e-5 for XLM-R; {@code pad_token_id} 0 for BERT, 1 for XLM-R).
   *
   * @throws IllegalArgumentException when it describes a model the encoder cannot run (another
   *     model type or activation, a non-numeric field, inconsistent shapes)
   */
  public EncoderConfig encoderConfig() {
    ModelType type =
        json.has("model_type") ? ModelType.fromHfName(json.get("model_type").asText()) : null;
    if (type == null) {
      throw new IllegalArgumentException("encoder config has no model_type");
    }
    if (json.has("hidden_act")) {
      String act = json.get("hidden_act").asText();
      if (!act.equals("gelu")) {
        throw new IllegalArgumentException(
            "unsupported hidden_act '" + act + "': only 'gelu' (erf) is implemented");
      }
    }
    EncoderConfig.Builder b = EncoderConfig.builder().setModelType(type);
    if (type == ModelType.XLM_ROBERTA) {
      b.setLayerNormEps(1e-5).setPadTokenId(1).setTypeVocabSize(1).setMaxPositions(514);
    }
    EncoderConfig d = b.build(); // the model type's defaults, for the keys the JSON lacks
    b.setVocabSize(intOr("vocab_size", d.vocabSize()))
        .setHiddenSize(intOr("hidden_size", d.hiddenSize()))
        .setNumLayers(intOr("num_hidden_layers", d.numLayers()))
        .setNumHeads(intOr("num_attention_heads", d.numHeads()));
    if (json.has("intermediate_size")) {
      b.setIntermediateSize(intOr("intermediate_size", 0));
    }
    b.setMaxPositions(intOr("max_position_embeddings", d.maxPositions()))
        .setTypeVocabSize(intOr("type_vocab_size", d.typeVocabSize()))
        .setHiddenDropout(doubleOr("hidden_dropout_prob", d.hiddenDropout()))
        .setAttentionDropout(doubleOr("attention_probs_dropout_prob", d.attentionDropout()))
        .setLayerNormEps(doubleOr("layer_norm_eps", d.layerNormEps()))
        .setPadTokenId(intOr("pad_token_id", d.padTokenId()))
        .setInitializerRange(doubleOr("initializer_range", d.initializerRange()));
    return b.build();
  }

  private int intOr(String key, int fallback) {
    JsonNode v = present(key, JsonNode::canConvertToInt, "an integer");
    return v == null ? fallback : v.asInt();
  }

  private double doubleOr(String key, double fallback) {
    JsonNode v = present(key, JsonNode::isNumber, "a number");
    return v == null ? fallback : v.asDouble();
  }

  /** The field {@code key}, or null when absent or null; fails when it is not {@code what}. */
  private JsonNode present(String key, Predicate<JsonNode> valid, String what) {
    JsonNode v = json.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!valid.test(v)) {
      throw new IllegalArgumentException(
          "encoder config key " + key + " is not " + what + ": " + v);
    }
    return v;
  }

  /**
   * Fails unless {@code other} has the same {@link #ARCHITECTURE_KEYS}; the message names the first
   * differing field and both values.
   *
   * @param what describes this config and {@code other}, e.g. "checkpoint x", "target model"
   */
  public void requireSameArchitecture(ModelConfig other, String what, String otherWhat) {
    for (String key : ARCHITECTURE_KEYS) {
      String a = key.equals("model_type") ? modelType() : json.path(key).asText("<absent>");
      String b =
          key.equals("model_type") ? other.modelType() : other.json.path(key).asText("<absent>");
      if (!a.equals(b)) {
        throw new IllegalArgumentException(
            "Config mismatch: "
                + key
                + " is "
                + a
                + " in the "
                + what
                + " but "
                + b
                + " in the "
                + otherWhat);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelConfig && ((ModelConfig) o).json.equals(json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return json.toString();
  }
}

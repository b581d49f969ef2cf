package dev.primer.learn.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * An encoder configuration in HuggingFace {@code config.json} form ({@code vocab_size}, {@code
 * hidden_size}, {@code num_hidden_layers}, ...). Keeps every field of the file, so unknown fields
 * survive a round trip; typed getters cover the ones the BERT/XLM-R encoder needs. Immutable.
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

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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

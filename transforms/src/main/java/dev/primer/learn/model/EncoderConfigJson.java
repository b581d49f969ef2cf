package dev.primer.learn.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@link EncoderConfig} as HuggingFace {@code config.json}: the keys BERT and XLM-R checkpoints
 * use, {@code hidden_act} always {@code gelu} (erf, the only activation implemented).
 */
final class EncoderConfigJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private EncoderConfigJson() {}

  /** {@code config} as pretty-printed HuggingFace {@code config.json}. */
  static String write(EncoderConfig c) {
    ObjectNode node = JSON.createObjectNode();
    node.put("model_type", c.modelType().hfName());
    node.put("vocab_size", c.vocabSize());
    node.put("hidden_size", c.hiddenSize());
    node.put("num_hidden_layers", c.numLayers());
    node.put("num_attention_heads", c.numHeads());
    node.put("intermediate_size", c.intermediateSize());
    node.put("hidden_act", "gelu");
    node.put("max_position_embeddings", c.maxPositions());
    node.put("type_vocab_size", c.typeVocabSize());
    node.put("hidden_dropout_prob", c.hiddenDropout());
    node.put("attention_probs_dropout_prob", c.attentionDropout());
    node.put("layer_norm_eps", c.layerNormEps());
    node.put("pad_token_id", c.padTokenId());
    node.put("initializer_range", c.initializerRange());
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses a HuggingFace {@code config.json} (see {@link EncoderConfig#fromJson}). Unknown keys are
   * ignored; missing keys take the BERT defaults of the matching {@code model_type} ({@code
   * layer_norm_eps} 1e-12 for BERT, 1e-5 for XLM-R; {@code pad_token_id} 0 for BERT, 1 for XLM-R).
   *
   * @param json the JSON text
   * @return the configuration
   * @throws IllegalArgumentException when the JSON is malformed or describes an unsupported model
   */
  static EncoderConfig read(String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("encoder config is not valid JSON: " + e.getMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("encoder config must be a JSON object");
    }
    ModelType type =
        node.has("model_type") ? ModelType.fromHfName(node.get("model_type").asText()) : null;
    if (type == null) {
      throw new IllegalArgumentException("encoder config has no model_type");
    }
    if (node.has("hidden_act")) {
      String act = node.get("hidden_act").asText();
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
    b.setVocabSize(intOr(node, "vocab_size", d.vocabSize()))
        .setHiddenSize(intOr(node, "hidden_size", d.hiddenSize()))
        .setNumLayers(intOr(node, "num_hidden_layers", d.numLayers()))
        .setNumHeads(intOr(node, "num_attention_heads", d.numHeads()));
    if (node.has("intermediate_size")) {
      b.setIntermediateSize(intOr(node, "intermediate_size", 0));
    }
    b.setMaxPositions(intOr(node, "max_position_embeddings", d.maxPositions()))
        .setTypeVocabSize(intOr(node, "type_vocab_size", d.typeVocabSize()))
        .setHiddenDropout(doubleOr(node, "hidden_dropout_prob", d.hiddenDropout()))
        .setAttentionDropout(doubleOr(node, "attention_probs_dropout_prob", d.attentionDropout()))
        .setLayerNormEps(doubleOr(node, "layer_norm_eps", d.layerNormEps()))
        .setPadTokenId(intOr(node, "pad_token_id", d.padTokenId()))
        .setInitializerRange(doubleOr(node, "initializer_range", d.initializerRange()));
    return b.build();
  }

  private static int intOr(JsonNode node, String key, int fallback) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.canConvertToInt()) {
      throw new IllegalArgumentException("encoder config key " + key + " is not an integer: " + v);
    }
    return v.asInt();
  }

  private static double doubleOr(JsonNode node, String key, double fallback) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isNumber()) {
      throw new IllegalArgumentException("encoder config key " + key + " is not a number: " + v);
    }
    return v.asDouble();
  }
}

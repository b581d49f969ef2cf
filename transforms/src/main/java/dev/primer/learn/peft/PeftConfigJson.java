package dev.primer.learn.peft;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.primer.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link PeftConfig} as JSON: {@code method} and only that method's hyper-parameters, written
 * through a record bound by the shared mapper ({@link Json}); reading refuses keys that do not
 * belong to the method (key by key, so that the message names the key).
 */
final class PeftConfigJson {

  private static final ObjectMapper JSON = Json.mapper();

  private PeftConfigJson() {}

  /** The written form: {@code method} and only that method's hyper-parameters (others null). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({
    "method",
    "reduction_factor",
    "non_linearity",
    "residual",
    "init_std",
    "rank",
    "alpha",
    "dropout",
    "targets",
    "prefix_length",
    "prefix_projection",
    "prefix_hidden_size"
  })
  private record Stored(
      String method,
      @JsonProperty("reduction_factor") Integer reductionFactor,
      @JsonProperty("non_linearity") String nonLinearity,
      Boolean residual,
      @JsonProperty("init_std") Double initStd,
      Integer rank,
      Double alpha,
      Double dropout,
      List<String> targets,
      @JsonProperty("prefix_length") Integer prefixLength,
      @JsonProperty("prefix_projection") Boolean prefixProjection,
      @JsonProperty("prefix_hidden_size") Integer prefixHiddenSize) {}

  /** {@code c}: its method and that method's hyper-parameters, pretty-printed. */
  static String write(PeftConfig c) {
    boolean adapter = c.method() == PeftMethod.HOULSBY || c.method() == PeftMethod.PFEIFFER;
    boolean lora = c.method() == PeftMethod.LORA;
    boolean prefix = c.method() == PeftMethod.PREFIX;
    Stored stored =
        new Stored(
            c.method().jsonName(),
            adapter ? c.reductionFactor() : null,
            adapter ? c.adapterActivation().jsonName() : null,
            adapter ? c.adapterResidual() : null,
            adapter ? c.adapterInitStd() : null,
            lora ? c.loraRank() : null,
            lora ? c.loraAlpha() : null,
            lora ? c.loraDropout() : null,
            lora ? c.loraTargets().stream().map(LoraTarget::jsonName).toList() : null,
            prefix ? c.prefixLength() : null,
            prefix ? c.prefixProjection() : null,
            prefix ? c.prefixHiddenSize() : null);
    try {
      return JSON.writeValueAsString(stored);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses the JSON written by {@link #write}; keys that do not belong to the method are refused so
   * that typos do not pass silently.
   *
   * @param json the JSON text
   * @return the configuration
   */
  static PeftConfig read(String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("PEFT config is not valid JSON: " + e.getMessage(), e);
    }
    if (node == null || !node.isObject() || !node.has("method")) {
      throw new IllegalArgumentException("PEFT config must be a JSON object with a 'method'");
    }
    PeftMethod method = PeftMethod.fromJsonName(node.get("method").asText());
    PeftConfig.Builder b = PeftConfig.builder(method);
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      setField(b, method, f.getKey(), f.getValue());
    }
    return b.build();
  }

  private static void setField(PeftConfig.Builder b, PeftMethod method, String key, JsonNode v) {
    boolean adapter = method == PeftMethod.HOULSBY || method == PeftMethod.PFEIFFER;
    switch (key) {
      case "method":
        return;
      case "reduction_factor":
        require(method, adapter, key);
        b.setReductionFactor(v.asInt());
        return;
      case "non_linearity":
        require(method, adapter, key);
        b.setAdapterActivation(AdapterActivation.fromJsonName(v.asText()));
        return;
      case "residual":
        require(method, adapter, key);
        b.setAdapterResidual(v.asBoolean());
        return;
      case "init_std":
        require(method, adapter, key);
        b.setAdapterInitStd(v.asDouble());
        return;
      case "rank":
        require(method, method == PeftMethod.LORA, key);
        b.setLoraRank(v.asInt());
        return;
      case "alpha":
        require(method, method == PeftMethod.LORA, key);
        b.setLoraAlpha(v.asDouble());
        return;
      case "dropout":
        require(method, method == PeftMethod.LORA, key);
        b.setLoraDropout(v.asDouble());
        return;
      case "targets":
        require(method, method == PeftMethod.LORA, key);
        if (!v.isArray()) {
          throw new IllegalArgumentException("PEFT config 'targets' must be an array");
        }
        Set<LoraTarget> targets = EnumSet.noneOf(LoraTarget.class);
        v.forEach(t -> targets.add(LoraTarget.fromJsonName(t.asText())));
        b.setLoraTargets(targets);
        return;
      case "prefix_length":
        require(method, method == PeftMethod.PREFIX, key);
        b.setPrefixLength(v.asInt());
        return;
      case "prefix_projection":
        require(method, method == PeftMethod.PREFIX, key);
        b.setPrefixProjection(v.asBoolean());
        return;
      case "prefix_hidden_size":
        require(method, method == PeftMethod.PREFIX, key);
        b.setPrefixHiddenSize(v.asInt());
        return;
      default:
        throw new IllegalArgumentException("unknown PEFT config key '" + key + "'");
    }
  }

  private static void require(PeftMethod method, boolean applies, String key) {
    if (!applies) {
      throw new IllegalArgumentException(
          "PEFT config key '" + key + "' does not apply to method " + method.jsonName());
    }
  }
}

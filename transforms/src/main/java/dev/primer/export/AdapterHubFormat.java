package dev.primer.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.primer.Json;
import dev.primer.UserError;
import dev.primer.io.ResourceIO;
import dev.primer.learn.peft.AdapterActivation;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.peft.PeftMethod;
import dev.primer.learn.weights.ModelConfig;
import dev.primer.learn.weights.StateDict;
import dev.primer.learn.weights.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * The AdapterHub {@code adapters} layout of an export (bottleneck adapters and a tagging head under
 * {@code adapter/}): its config, written by {@link ModelExporter}, and its inverse for {@link
 * ExportedModels}, which refuses a config primer's modules do not compute.
 */
final class AdapterHubFormat {

  private static final ObjectMapper JSON = Json.mapper();

  private static final String MODEL_CLASS = "BertAdapterModel";

  private AdapterHubFormat() {}

  /**
   * AdapterHub's bottleneck config ({@code BnConfig}, configuration/adapter_config.py) computing
   * primer's adapter: in {@code attention.output} / {@code output}, {@code h = dropout(dense(x))},
   * then {@code LayerNorm(h + up(f(down(h))) + input)}. In AdapterHub terms: no original LN before
   * (the adapter reads {@code h}), residual before LN ({@code residual = h}), original LN after
   * ({@code LayerNorm(adapter_out + input)}), no adapter LNs, scaling 1, sequential, no gating.
   */
  static ExportJson.BnConfig adapterHubConfig(PeftConfig peft) {
    return new ExportJson.BnConfig(
        peft.method() == PeftMethod.HOULSBY,
        true,
        peft.reductionFactor(),
        adapterHubActivation(peft.adapterActivation()),
        false,
        true,
        false,
        false,
        "bert",
        false,
        1.0,
        false,
        true,
        false,
        null,
        null,
        false,
        List.of(),
        0.0,
        0.0,
        false);
  }

  /** AdapterHub's name (transformers' {@code ACT2FN}) of primer's adapter activation. */
  static String adapterHubActivation(AdapterActivation a) {
    return switch (a) {
      case RELU -> "relu";
      case GELU -> "gelu";
      case SILU -> "swish";
    };
  }

  static void write(ExportWriter w, ExportSource source, PeftConfig peft, String baseRef)
      throws IOException {
    ModelConfig model = source.config().model();
    String name = ExportNames.ADAPTER_NAME;
    ExportJson.AdapterHubFile<ExportJson.BnConfig> file =
        new ExportJson.AdapterHubFile<>(
            adapterHubConfig(peft), model.hiddenSize(), MODEL_CLASS, baseRef, "bert", name);
    String sub = ModelExporter.ADAPTER_DIR + "/";
    w.json(sub + "adapter_config.json", file);
    StateDict adapters = new StateDict();
    StateDict head = new StateDict();
    for (Map.Entry<String, Tensor> e : source.tensors().asMap().entrySet()) {
      String hub = ExportNames.toAdapterHub(e.getKey(), name);
      if (hub != null) {
        adapters.put(hub, e.getValue());
      } else if (e.getKey().startsWith("classifier.")) {
        head.put(ExportNames.toAdapterHubHead(e.getKey(), name), e.getValue());
      }
    }
    w.safetensors(sub + "adapter.safetensors", adapters);
    Map<String, Integer> label2id = new LinkedHashMap<>();
    List<String> labels = source.config().labels();
    for (int i = 0; i < labels.size(); i++) {
      label2id.put(labels.get(i), i);
    }
    ExportJson.AdapterHubFile<ExportJson.TaggingHead> headConfig =
        new ExportJson.AdapterHubFile<>(
            new ExportJson.TaggingHead(
                "tagging",
                (int) source.tensors().get("classifier.weight").dim(0),
                1,
                "tanh",
                label2id),
            model.hiddenSize(),
            MODEL_CLASS,
            baseRef,
            "bert",
            name);
    w.json(sub + "head_config.json", headConfig);
    w.safetensors(sub + "model_head.safetensors", head);
    String preset = peft.method() == PeftMethod.HOULSBY ? "double_seq_bn" : "seq_bn";
    List<String> differences = new ArrayList<>();
    String presetActivation = peft.method() == PeftMethod.HOULSBY ? "swish" : "relu";
    String activation = adapterHubActivation(peft.adapterActivation());
    if (!activation.equals(presetActivation)) {
      differences.add("non_linearity " + activation + " (preset: " + presetActivation + ")");
    }
    if (peft.method() == PeftMethod.PFEIFFER) {
      differences.add(
          "original_ln_before false (preset: true): primer's adapter reads the sub-layer output"
              + " before the residual and LayerNorm, as in Houlsby's placement");
    }
    if (peft.reductionFactor() != 16) {
      differences.add("reduction_factor " + peft.reductionFactor() + " (preset: 16)");
    }
    w.note(
        "AdapterHub "
            + preset
            + " ("
            + (peft.method() == PeftMethod.HOULSBY ? "Houlsby" : "Pfeiffer")
            + ") placement; the config holds every value, so loading it reproduces primer's"
            + " adapter"
            + (differences.isEmpty() ? "" : "; differences from the preset: " + differences));
    w.note("the tagging head is one Linear layer (layers 1: activation_function is not applied)");
  }

  static PeftConfig read(ResourceId dir, JsonNode file, StateDict into) throws IOException {
    String source = ResourceIO.child(dir, "adapter_config.json").toString();
    JsonNode c = file.get("config");
    require(c, "original_ln_before", false, source);
    require(c, "original_ln_after", true, source);
    require(c, "residual_before_ln", true, source);
    require(c, "ln_before", false, source);
    require(c, "ln_after", false, source);
    require(c, "is_parallel", false, source);
    require(c, "use_gating", false, source);
    require(c, "phm_layer", false, source);
    require(c, "output_adapter", true, source);
    if (c.has("scaling") && c.get("scaling").asDouble(Double.NaN) != 1.0) {
      throw ExportedModels.unsupported(
          source, "scaling " + c.get("scaling") + " (primer's adapters use 1.0)");
    }
    if (c.has("leave_out") && c.get("leave_out").size() > 0) {
      throw ExportedModels.unsupported(source, "leave_out " + c.get("leave_out"));
    }
    if (c.hasNonNull("inv_adapter")) {
      throw ExportedModels.unsupported(source, "inv_adapter " + c.get("inv_adapter"));
    }
    double rf = c.path("reduction_factor").asDouble(Double.NaN);
    if (!(rf >= 1) || rf != Math.rint(rf)) {
      throw ExportedModels.unsupported(
          source, "reduction_factor " + c.get("reduction_factor") + " (primer takes an integer)");
    }
    String act = c.path("non_linearity").asText("");
    AdapterActivation activation;
    try {
      activation = AdapterActivation.fromJsonName(act);
    } catch (IllegalArgumentException e) {
      throw ExportedModels.unsupported(source, "non_linearity '" + act + "'");
    }
    PeftMethod method =
        c.path("mh_adapter").asBoolean(false) ? PeftMethod.HOULSBY : PeftMethod.PFEIFFER;
    String name = file.path("name").asText(ExportNames.ADAPTER_NAME);
    StateDict adapters =
        ExportedModels.readSafetensors(ResourceIO.child(dir, "adapter.safetensors"));
    for (Map.Entry<String, Tensor> e : adapters.asMap().entrySet()) {
      String ours = ExportNames.fromAdapterHub(e.getKey());
      if (ours == null || !name.equals(ExportNames.adapterHubAdapterName(e.getKey()))) {
        throw new UserError(
            source
                + ": adapter.safetensors holds "
                + e.getKey()
                + ", not an adapter '"
                + name
                + "'");
      }
      into.put(ours, e.getValue());
    }
    ResourceId headFile = ResourceIO.child(dir, "model_head.safetensors");
    if (ResourceIO.exists(headFile)) {
      JsonNode head = ExportedModels.readJson(ResourceIO.child(dir, "head_config.json"));
      String headName = head.path("name").asText(name);
      if (head.path("config").path("layers").asInt(1) != 1
          || !"tagging".equals(head.path("config").path("head_type").asText())) {
        throw ExportedModels.unsupported(
            ResourceIO.child(dir, "head_config.json").toString(),
            "a head other than a one-layer tagging head");
      }
      for (Map.Entry<String, Tensor> e :
          ExportedModels.readSafetensors(headFile).asMap().entrySet()) {
        String ours = ExportNames.fromAdapterHubHead(e.getKey(), headName);
        if (ours == null) {
          throw new UserError(headFile + ": unexpected tensor " + e.getKey());
        }
        into.put(ours, e.getValue());
      }
    }
    return PeftConfig.builder(method)
        .setReductionFactor((int) rf)
        .setAdapterActivation(activation)
        .build();
  }

  static List<String> headLabels(ResourceId dir) throws IOException {
    ResourceId file = ResourceIO.child(dir, "head_config.json");
    if (!ResourceIO.exists(file)) {
      return null;
    }
    JsonNode label2id = ExportedModels.readJson(file).path("config").path("label2id");
    if (!label2id.isObject() || label2id.size() == 0) {
      return null;
    }
    String[] labels = new String[label2id.size()];
    Iterator<Map.Entry<String, JsonNode>> it = label2id.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      int id = e.getValue().asInt(-1);
      if (id < 0 || id >= labels.length || labels[id] != null) {
        throw new UserError(file + ": label2id is not a permutation of 0.." + (labels.length - 1));
      }
      labels[id] = e.getKey();
    }
    return List.of(labels);
  }

  private static void require(JsonNode c, String key, boolean expected, String source) {
    JsonNode v = c.get(key);
    if (v != null && !(v.isBoolean() && v.asBoolean() == expected)) {
      throw ExportedModels.unsupported(
          source, key + " " + v + " (primer's adapters compute " + expected + ")");
    }
  }
}

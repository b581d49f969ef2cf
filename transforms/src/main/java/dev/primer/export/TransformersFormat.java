package dev.primer.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.primer.Json;
import dev.primer.UserError;
import dev.primer.io.ResourceIO;
import dev.primer.learn.checkpoint.CheckpointConfig;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.weights.BertParameters;
import dev.primer.learn.weights.HfNames;
import dev.primer.learn.weights.ImportedModel;
import dev.primer.learn.weights.ModelConfig;
import dev.primer.learn.weights.PeftNames;
import dev.primer.learn.weights.StateDict;
import dev.primer.learn.weights.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * The {@code transformers} layout of an export and its inverse: a HF model directory ({@code
 * config.json}, {@code model.safetensors} and the tokenizer files) written by {@link ModelExporter}
 * and read back by {@link ExportedModels}; LoRA merged into the weights for a whole model.
 */
final class TransformersFormat {

  private static final ObjectMapper JSON = Json.mapper();

  private TransformersFormat() {}

  /** Writes a HF model directory under {@code sub} ("" or "base/"). */
  static void writeHfModel(
      ExportWriter w,
      String sub,
      ModelConfig model,
      List<String> labels,
      StateDict tensors,
      ResourceId tokenizer)
      throws IOException {
    boolean classifier = tensors.contains("classifier.weight");
    boolean mlm = tensors.names().stream().anyMatch(PeftNames::isMlmHead);
    ObjectNode config =
        (ObjectNode)
            JSON.readTree(
                new CheckpointConfig(model, classifier ? labels : List.of(), null).toJsonBytes());
    String architecture =
        classifier ? "BertForTokenClassification" : mlm ? "BertForMaskedLM" : "BertModel";
    config.putArray("architectures").add(architecture);
    config.put("torch_dtype", "float32");
    w.json(sub + "config.json", config);
    w.safetensors(sub + "model.safetensors", tensors);
    writeTokenizer(w, sub, tokenizer, model);
  }

  private static void writeTokenizer(
      ExportWriter w, String sub, ResourceId tokenizer, ModelConfig model) throws IOException {
    byte[] bytes = ResourceIO.readBytes(tokenizer);
    w.bytes(sub + "tokenizer.json", bytes);
    JsonNode tok = JSON.readTree(bytes);
    JsonNode normalizer = tok.path("normalizer");
    boolean lower = normalizer.path("lowercase").asBoolean(false);
    ExportJson.SpecialTokens special = ExportJson.SpecialTokens.bert();
    ExportJson.TokenizerConfig config =
        ExportJson.TokenizerConfig.bert(
            lower, model.maxPositionEmbeddings() - model.positionOffset(), special);
    w.json(sub + "tokenizer_config.json", config);
    w.json(sub + "special_tokens_map.json", special);
  }

  /** The whole model with every LoRA update merged into its matrix (bias unchanged). */
  static StateDict mergeLora(StateDict tensors, PeftConfig peft) {
    double scale = peft.loraScale();
    StateDict out = new StateDict();
    for (Map.Entry<String, Tensor> e : tensors.asMap().entrySet()) {
      String name = e.getKey();
      if (name.contains(".lora_A.") || name.contains(".lora_B.")) {
        continue;
      }
      Tensor t = e.getValue();
      if (name.endsWith(".weight")) {
        String module = name.substring(0, name.length() - ".weight".length());
        Tensor a = tensors.get(module + ".lora_A.weight");
        Tensor b = tensors.get(module + ".lora_B.weight");
        if (a != null && b != null) {
          t = merged(t, a, b, scale);
        }
      }
      out.put(name, t);
    }
    return out;
  }

  private static Tensor merged(Tensor w, Tensor a, Tensor b, double scale) {
    int out = (int) w.dim(0);
    int in = (int) w.dim(1);
    int r = (int) a.dim(0);
    float[] wv = w.floats();
    float[] av = a.floats();
    float[] bv = b.floats();
    float[] res = new float[wv.length];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        double sum = 0;
        for (int k = 0; k < r; k++) {
          sum += (double) bv[o * r + k] * av[k * in + i];
        }
        res[o * in + i] = (float) (wv[o * in + i] + scale * sum);
      }
    }
    return Tensor.of(res, out, in);
  }

  /**
   * Writes the base (encoder only, a {@code BertModel}) into {@code base/}; returns how adapter
   * configs name it (its directory).
   */
  static String writeBase(ExportWriter w, ExportSource source) throws IOException {
    StateDict encoder =
        source.base() != null
            ? source.base().encoder()
            : source.tensors().filter(n -> n.startsWith("bert.") && !PeftNames.isPeft(n));
    ModelConfig model =
        source.base() != null ? source.base().config().model() : source.config().model();
    writeHfModel(w, ModelExporter.BASE_DIR + "/", model, List.of(), encoder, source.tokenizer());
    return ResourceIO.childDirectory(w.dir, ModelExporter.BASE_DIR).toString();
  }

  static boolean isHfModel(ResourceId dir) throws IOException {
    return ResourceIO.exists(ResourceIO.child(dir, "config.json"))
        && ResourceIO.exists(ResourceIO.child(dir, "model.safetensors"));
  }

  static ImportedModel readHf(ResourceId dir, ObjectNode extra) throws IOException {
    ResourceId configFile = ResourceIO.child(dir, "config.json");
    ModelConfig config;
    try (InputStream in = ResourceIO.open(configFile)) {
      config = ModelConfig.parse(in, configFile.toString());
    }
    if (config.has("tie_word_embeddings") && !config.get("tie_word_embeddings").asBoolean()) {
      throw new UserError(configFile + ": tie_word_embeddings is false; not supported");
    }
    ResourceId weights = ResourceIO.child(dir, "model.safetensors");
    StateDict read = ExportedModels.readSafetensors(weights);
    StateDict tensors = new StateDict();
    List<String> dropped = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : read.asMap().entrySet()) {
      String ours = HfNames.map(e.getKey());
      if (ours == null) {
        dropped.add(e.getKey());
      } else {
        tensors.put(ours, e.getValue());
      }
    }
    ObjectNode json = config.toJson();
    json.remove("architectures");
    json.remove("torch_dtype");
    json.remove("transformers_version");
    if (extra != null) {
      json.setAll(extra);
    }
    ModelConfig cleaned = ModelConfig.of(json);
    try {
      BertParameters.verify(tensors, cleaned, weights.toString());
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
    return new ImportedModel(cleaned, tensors, dropped, dir.toString());
  }
}

package dev.primer.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.primer.UserError;
import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import dev.primer.learn.peft.AdapterActivation;
import dev.primer.learn.peft.LoraTarget;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.peft.PeftMethod;
import dev.primer.learn.weights.BertParameters;
import dev.primer.learn.weights.HfNames;
import dev.primer.learn.weights.ImportedModel;
import dev.primer.learn.weights.ModelConfig;
import dev.primer.learn.weights.SafetensorsReader;
import dev.primer.learn.weights.StateDict;
import dev.primer.learn.weights.Tensor;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Reads what {@link ModelExporter} writes (or the same layouts written by the Python libraries)
 * back into primer's names: the inverse of the export, bit-exact for the tensors it wrote.
 *
 * <p>{@link #read} takes an export directory (with {@code primer_export.json}), a HF model
 * directory ({@code config.json} + {@code model.safetensors}), or an adapter directory ({@code
 * adapter_config.json} of AdapterHub or PEFT, whose base is the sibling {@code ../base/} or the
 * directory its config names). The result is an {@link ImportedModel} whose config carries the
 * labels ({@code id2label}) and primer's PEFT config ({@code peft}), as a primer checkpoint's does.
 * An adapter config that asks for something primer's modules do not compute (another layer norm
 * placement, gating, parallel adapters, rsLoRA, DoRA, biases) is refused.
 */
public final class ExportedModels {

  private static final ObjectMapper JSON = Manifest.mapper();

  private ExportedModels() {}

  /** Whether {@code dir} holds an export, a HF model or an adapter directory this class reads. */
  public static boolean isExport(ResourceId dir) throws IOException {
    return ResourceIO.exists(ResourceIO.child(dir, ModelExporter.EXPORT_FILE))
        || ResourceIO.exists(ResourceIO.child(dir, "adapter_config.json"))
        || isHfModel(dir);
  }

  /**
   * Whether a local directory holds an export or an adapter directory (a plain HF model directory
   * is left to {@code PretrainedWeights}, which reads it the same way).
   */
  public static boolean isExportDirectory(java.nio.file.Path dir) {
    return java.nio.file.Files.isRegularFile(dir.resolve(ModelExporter.EXPORT_FILE))
        || java.nio.file.Files.isRegularFile(dir.resolve("adapter_config.json"));
  }

  private static boolean isHfModel(ResourceId dir) throws IOException {
    return ResourceIO.exists(ResourceIO.child(dir, "config.json"))
        && ResourceIO.exists(ResourceIO.child(dir, "model.safetensors"));
  }

  /**
   * Reads an export (see the class comment).
   *
   * @throws UserError when the directory is incomplete, its base does not match the recorded
   *     sha256, or its config asks for something primer does not compute
   */
  public static ImportedModel read(ResourceId dir) throws IOException {
    ResourceId description = ResourceIO.child(dir, ModelExporter.EXPORT_FILE);
    if (ResourceIO.exists(description)) {
      JsonNode d = readJson(description);
      if (!ModelExporter.FORMAT.equals(d.path("format").asText())) {
        throw new UserError(description + ": not a primer export description");
      }
      if (ModelExporter.LAYOUT_MODEL.equals(d.path("layout").asText())) {
        return readHf(dir, null);
      }
      ResourceId base = ResourceIO.childDirectory(dir, d.path("base").asText("base/"));
      ResourceId adapter = ResourceIO.childDirectory(dir, d.path("adapter").asText("adapter/"));
      String expected = d.path("base_model").path("model_safetensors_sha256").asText(null);
      if (expected != null) {
        ResourceId weights = ResourceIO.child(base, "model.safetensors");
        String actual = ResourceIO.sha256(weights);
        if (!actual.equals(expected)) {
          throw new UserError(
              weights
                  + " has sha256 "
                  + actual
                  + " but "
                  + description
                  + " records "
                  + expected
                  + ": the adapter was exported with another base");
        }
      }
      JsonNode peft = d.get("peft");
      return readAdapter(adapter, base, peft == null || peft.isNull() ? null : peft);
    }
    if (ResourceIO.exists(ResourceIO.child(dir, "adapter_config.json"))) {
      return readAdapter(dir, baseOf(dir), null);
    }
    if (isHfModel(dir)) {
      return readHf(dir, null);
    }
    throw new UserError(
        dir
            + " holds no "
            + ModelExporter.EXPORT_FILE
            + ", adapter_config.json or config.json + model.safetensors");
  }

  // ------------------------------------------------------------------ transformers

  private static ImportedModel readHf(ResourceId dir, ObjectNode extra) throws IOException {
    ResourceId configFile = ResourceIO.child(dir, "config.json");
    ModelConfig config;
    try (InputStream in = ResourceIO.open(configFile)) {
      config = ModelConfig.parse(in, configFile.toString());
    }
    if (config.has("tie_word_embeddings") && !config.get("tie_word_embeddings").asBoolean()) {
      throw new UserError(configFile + ": tie_word_embeddings is false; not supported");
    }
    ResourceId weights = ResourceIO.child(dir, "model.safetensors");
    StateDict read = readSafetensors(weights);
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

  // ------------------------------------------------------------------ adapters

  private static ImportedModel readAdapter(ResourceId dir, ResourceId base, JsonNode primerPeft)
      throws IOException {
    JsonNode config = readJson(ResourceIO.child(dir, "adapter_config.json"));
    if (base == null || !isHfModel(base)) {
      throw new UserError(
          dir
              + ": its base model (config.json + model.safetensors) was not found"
              + (base == null ? "" : " in " + base)
              + "; export with ./primer export, which writes it beside the adapter");
    }
    ImportedModel baseModel = readHf(base, null);
    StateDict tensors = new StateDict();
    baseModel.tensors().asMap().forEach(tensors::put);
    PeftConfig peft;
    List<String> labels;
    if (config.has("peft_type")) {
      peft = readPeftLora(dir, config, tensors);
      labels = null;
    } else if (config.has("config") && config.get("config").has("mh_adapter")) {
      peft = readAdapterHub(dir, config, tensors);
      labels = headLabels(dir);
    } else {
      throw new UserError(
          ResourceIO.child(dir, "adapter_config.json")
              + ": neither a PEFT (peft_type) nor an AdapterHub bottleneck (config.mh_adapter)"
              + " adapter config");
    }
    if (primerPeft != null) {
      PeftConfig recorded = PeftConfig.fromJson(primerPeft.toString());
      PeftConfig comparable =
          peft.toBuilder()
              .setAdapterInitStd(recorded.adapterInitStd())
              .setLoraDropout(recorded.loraDropout())
              .build();
      if (comparable.equals(recorded)) {
        peft = recorded;
      }
    }
    ObjectNode json = baseModel.config().toJson();
    json.set("peft", JSON.readTree(peft.toJson()));
    if (labels == null) {
      labels = labelsOfDescription(dir);
    }
    if (labels != null && !labels.isEmpty()) {
      ObjectNode id2label = json.putObject("id2label");
      for (int i = 0; i < labels.size(); i++) {
        id2label.put(Integer.toString(i), labels.get(i));
      }
    }
    return new ImportedModel(ModelConfig.of(json), tensors, List.of(), dir.toString());
  }

  private static PeftConfig readAdapterHub(ResourceId dir, JsonNode file, StateDict into)
      throws IOException {
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
      throw unsupported(source, "scaling " + c.get("scaling") + " (primer's adapters use 1.0)");
    }
    if (c.has("leave_out") && c.get("leave_out").size() > 0) {
      throw unsupported(source, "leave_out " + c.get("leave_out"));
    }
    if (c.hasNonNull("inv_adapter")) {
      throw unsupported(source, "inv_adapter " + c.get("inv_adapter"));
    }
    double rf = c.path("reduction_factor").asDouble(Double.NaN);
    if (!(rf >= 1) || rf != Math.rint(rf)) {
      throw unsupported(
          source, "reduction_factor " + c.get("reduction_factor") + " (primer takes an integer)");
    }
    String act = c.path("non_linearity").asText("");
    AdapterActivation activation;
    try {
      activation = AdapterActivation.fromJsonName(act);
    } catch (IllegalArgumentException e) {
      throw unsupported(source, "non_linearity '" + act + "'");
    }
    PeftMethod method =
        c.path("mh_adapter").asBoolean(false) ? PeftMethod.HOULSBY : PeftMethod.PFEIFFER;
    String name = file.path("name").asText(ExportNames.ADAPTER_NAME);
    StateDict adapters = readSafetensors(ResourceIO.child(dir, "adapter.safetensors"));
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
      JsonNode head = readJson(ResourceIO.child(dir, "head_config.json"));
      String headName = head.path("name").asText(name);
      if (head.path("config").path("layers").asInt(1) != 1
          || !"tagging".equals(head.path("config").path("head_type").asText())) {
        throw unsupported(
            ResourceIO.child(dir, "head_config.json").toString(),
            "a head other than a one-layer tagging head");
      }
      for (Map.Entry<String, Tensor> e : readSafetensors(headFile).asMap().entrySet()) {
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

  private static List<String> headLabels(ResourceId dir) throws IOException {
    ResourceId file = ResourceIO.child(dir, "head_config.json");
    if (!ResourceIO.exists(file)) {
      return null;
    }
    JsonNode label2id = readJson(file).path("config").path("label2id");
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

  private static PeftConfig readPeftLora(ResourceId dir, JsonNode c, StateDict into)
      throws IOException {
    String source = ResourceIO.child(dir, "adapter_config.json").toString();
    if (!"LORA".equals(c.path("peft_type").asText())) {
      throw unsupported(source, "peft_type " + c.get("peft_type") + " (primer reads LORA)");
    }
    if (c.path("use_rslora").asBoolean(false)) {
      throw unsupported(source, "use_rslora (scaling alpha / sqrt(r))");
    }
    if (c.path("use_dora").asBoolean(false)) {
      throw unsupported(source, "use_dora");
    }
    if (c.path("fan_in_fan_out").asBoolean(false)) {
      throw unsupported(source, "fan_in_fan_out");
    }
    if (!c.path("bias").asText("none").equals("none")) {
      throw unsupported(source, "bias " + c.get("bias"));
    }
    if (c.path("rank_pattern").size() > 0 || c.path("alpha_pattern").size() > 0) {
      throw unsupported(source, "rank_pattern / alpha_pattern");
    }
    if (c.hasNonNull("layers_to_transform")) {
      throw unsupported(source, "layers_to_transform");
    }
    Set<LoraTarget> targets = loraTargets(c.get("target_modules"), source);
    StateDict weights = readSafetensors(ResourceIO.child(dir, "adapter_model.safetensors"));
    for (Map.Entry<String, Tensor> e : weights.asMap().entrySet()) {
      String ours = ExportNames.fromPeft(e.getKey());
      boolean known =
          ours != null
              && (ours.startsWith("classifier.")
                  || ours.endsWith(".lora_A.weight")
                  || ours.endsWith(".lora_B.weight"));
      if (!known) {
        throw new UserError(
            source + ": adapter_model.safetensors holds " + e.getKey() + ", which primer lacks");
      }
      into.put(ours, e.getValue());
    }
    return PeftConfig.builder(PeftMethod.LORA)
        .setLoraRank(c.path("r").asInt(8))
        .setLoraAlpha(c.path("lora_alpha").asDouble(8))
        .setLoraDropout(c.path("lora_dropout").asDouble(0))
        .setLoraTargets(targets)
        .build();
  }

  /**
   * The targets PEFT would adapt in a BERT layer: a list matches a module whose name equals an
   * entry or ends with {@code "." + entry}; a string is a regular expression matched against the
   * whole module name.
   */
  static Set<LoraTarget> loraTargets(JsonNode spec, String source) {
    Set<LoraTarget> out = EnumSet.noneOf(LoraTarget.class);
    for (LoraTarget t : LoraTarget.values()) {
      String module = "bert.encoder.layer.0." + t.module();
      boolean match = false;
      if (spec != null && spec.isTextual()) {
        try {
          match = Pattern.matches(spec.asText(), module);
        } catch (PatternSyntaxException e) {
          throw unsupported(source, "target_modules regex " + spec);
        }
      } else if (spec != null && spec.isArray()) {
        for (JsonNode entry : spec) {
          String s = entry.asText();
          match |= module.equals(s) || module.endsWith("." + s);
        }
      }
      if (match) {
        out.add(t);
      }
    }
    if (out.isEmpty()) {
      throw unsupported(source, "target_modules " + spec + " (no query/key/value/dense of BERT)");
    }
    return out;
  }

  private static List<String> labelsOfDescription(ResourceId adapterDir) throws IOException {
    ResourceId parent = parentOf(adapterDir);
    if (parent == null) {
      return null;
    }
    ResourceId d = ResourceIO.child(parent, ModelExporter.EXPORT_FILE);
    if (!ResourceIO.exists(d)) {
      return null;
    }
    List<String> labels = new ArrayList<>();
    readJson(d).path("labels").forEach(l -> labels.add(l.asText()));
    return labels;
  }

  /** The base beside an adapter directory ({@code ../base/}), else the one its config names. */
  private static ResourceId baseOf(ResourceId adapterDir) throws IOException {
    ResourceId parent = parentOf(adapterDir);
    if (parent != null) {
      ResourceId sibling = ResourceIO.childDirectory(parent, ModelExporter.BASE_DIR);
      if (isHfModel(sibling)) {
        return sibling;
      }
    }
    JsonNode config = readJson(ResourceIO.child(adapterDir, "adapter_config.json"));
    String named =
        config.has("base_model_name_or_path")
            ? config.path("base_model_name_or_path").asText(null)
            : config.path("model_name").asText(null);
    if (named == null || named.isBlank()) {
      return null;
    }
    try {
      return ResourceIO.directory(named.endsWith("/") ? named : named + "/");
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static ResourceId parentOf(ResourceId dir) {
    String s = dir.toString();
    String trimmed = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    int slash = trimmed.lastIndexOf('/');
    if (slash <= 0) {
      return null;
    }
    return ResourceIO.directory(trimmed.substring(0, slash + 1));
  }

  // ------------------------------------------------------------------ helpers

  private static void require(JsonNode c, String key, boolean expected, String source) {
    JsonNode v = c.get(key);
    if (v != null && !(v.isBoolean() && v.asBoolean() == expected)) {
      throw unsupported(source, key + " " + v + " (primer's adapters compute " + expected + ")");
    }
  }

  private static UserError unsupported(String source, String what) {
    return new UserError(source + ": primer's modules cannot compute " + what);
  }

  private static JsonNode readJson(ResourceId file) throws IOException {
    try {
      return JSON.readTree(ResourceIO.readBytes(file));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UserError(file + ": malformed JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static StateDict readSafetensors(ResourceId file) throws IOException {
    if (!ResourceIO.exists(file)) {
      throw new UserError(file + " is missing");
    }
    try (InputStream in = new BufferedInputStream(ResourceIO.open(file), 1 << 20)) {
      return SafetensorsReader.read(in, file.toString()).tensors();
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
  }
}

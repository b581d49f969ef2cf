package dev.primer.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.primer.UserError;
import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import dev.primer.learn.checkpoint.CheckpointConfig;
import dev.primer.learn.peft.AdapterActivation;
import dev.primer.learn.peft.LoraTarget;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.peft.PeftMethod;
import dev.primer.learn.weights.ModelConfig;
import dev.primer.learn.weights.PeftNames;
import dev.primer.learn.weights.SafetensorsWriter;
import dev.primer.learn.weights.StateDict;
import dev.primer.learn.weights.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Writes a primer model in the layouts the Python libraries load: {@code transformers} ({@code
 * BertForTokenClassification} / {@code BertForMaskedLM} / {@code BertModel}), AdapterHub {@code
 * adapters} (bottleneck adapters and a tagging head) and PEFT (LoRA). Every file goes through Beam
 * {@link org.apache.beam.sdk.io.FileSystems}; each is written atomically.
 *
 * <p>Layouts under the export directory {@code D}:
 *
 * <ul>
 *   <li>{@code model}: {@code D/config.json}, {@code D/model.safetensors}, {@code
 *       D/tokenizer.json}, {@code D/tokenizer_config.json}, {@code D/special_tokens_map.json} (full
 *       fine-tuning, BitFit with its biases in place, LoRA merged into the weights, a base
 *       checkpoint).
 *   <li>{@code base+adapter}: {@code D/base/} (a {@code BertModel} directory as above, the encoder
 *       the adapter was trained on) and {@code D/adapter/}: AdapterHub ({@code
 *       adapter_config.json}, {@code adapter.safetensors}, {@code head_config.json}, {@code
 *       model_head.safetensors}) or PEFT ({@code adapter_config.json}, {@code
 *       adapter_model.safetensors}).
 * </ul>
 *
 * <p>And always {@code D/primer_export.json} ({@link #EXPORT_FILE}): format, layout, primer's PEFT
 * config and labels, the source checkpoint, the base's sha256 (of {@code base/model.safetensors}
 * and of primer's base checkpoint), notes on how the export relates to the library's presets, and
 * the sha256 of every file written.
 *
 * <p>Invariant: an export computes primer's function. Where a library cannot express it (prefix
 * tuning: PEFT feeds prefixes to BERT as {@code past_key_values}, with which HF BERT shifts the
 * position ids by the prefix length; an adapter without its residual; a model type other than BERT)
 * the export is refused with a {@link UserError}; where the library's preset differs (activation,
 * layer norm placement), the written config holds primer's values and the notes say so.
 */
public final class ModelExporter {

  /** The description written into every export directory. */
  public static final String EXPORT_FILE = "primer_export.json";

  /** Value of {@code format} in {@link #EXPORT_FILE}. */
  public static final String FORMAT = "primer-export";

  /** Sub-directory of the base model in a {@code base+adapter} layout. */
  public static final String BASE_DIR = "base";

  /** Sub-directory of the adapter in a {@code base+adapter} layout. */
  public static final String ADAPTER_DIR = "adapter";

  /** Layout with one whole model. */
  public static final String LAYOUT_MODEL = "model";

  /** Layout with a base model and an adapter side by side. */
  public static final String LAYOUT_BASE_ADAPTER = "base+adapter";

  private static final ObjectMapper JSON = Manifest.mapper();

  private ModelExporter() {}

  /**
   * What an export wrote.
   *
   * @param directory the export directory
   * @param layout {@link #LAYOUT_MODEL} or {@link #LAYOUT_BASE_ADAPTER}
   * @param files relative path to sha256 of every file written (but {@link #EXPORT_FILE})
   * @param notes how the export relates to the library's presets, what was merged or left out
   */
  public record Result(
      ResourceId directory, String layout, Map<String, String> files, List<String> notes) {}

  /**
   * Exports {@code source} as {@code format} into {@code directory}.
   *
   * @throws UserError when the format cannot hold the model's method (the message says which format
   *     can), or a tokenizer is missing
   */
  public static Result export(ExportSource source, ExportFormat format, ResourceId directory)
      throws IOException {
    ModelConfig model = source.config().model();
    if (!"bert".equals(model.modelType())) {
      throw new UserError(
          source.location()
              + ": export supports BERT models (model_type bert), not '"
              + model.modelType()
              + "'");
    }
    if (source.tokenizer() == null) {
      throw new UserError(
          "no tokenizer.json is known for "
              + source.location()
              + ": pass --tokenizer=PATH/tokenizer.json");
    }
    PeftConfig peft = source.peft();
    boolean classifier = source.tensors().contains("classifier.weight");
    // A base that carries PEFT modules but no tagger (a primed base) exports as its encoder.
    PeftMethod method =
        !classifier && format == ExportFormat.TRANSFORMERS && peft.method() != PeftMethod.BITFIT
            ? PeftMethod.FULL
            : peft.method();
    Writer w = new Writer(directory);
    String layout;
    switch (method) {
      case PREFIX ->
          throw new UserError(
              source.location()
                  + ": prefix-tuning cannot be exported: PEFT's PREFIX_TUNING hands the prefixes to"
                  + " BERT as past_key_values, and HF BERT then numbers the positions from the prefix"
                  + " length (position_ids[past_length:]) while primer keeps 0..T-1, so the loaded"
                  + " model would compute a different function; no format of adapters or transformers"
                  + " holds primer's prefixes either");
      case FULL, BITFIT -> {
        requireFormat(
            source,
            format,
            ExportFormat.TRANSFORMERS,
            method == PeftMethod.FULL
                ? "a fully fine-tuned model or a base checkpoint has no adapter"
                : "BitFit trains biases only, which neither AdapterHub nor PEFT represent; the"
                    + " trained biases are merged into a whole model");
        StateDict tensors = source.tensors();
        if (method == PeftMethod.BITFIT) {
          w.note(
              "BitFit: the trained biases (and the classifier) replace the base's in a plain"
                  + " BertForTokenClassification: the same function, no adapter needed");
        }
        StateDict kept = tensors.filter(n -> !PeftNames.isPeft(n));
        if (kept.size() != tensors.size()) {
          List<String> dropped = tensors.names().stream().filter(PeftNames::isPeft).toList();
          w.note(
              "left out "
                  + dropped.size()
                  + " PEFT tensors of the "
                  + source.manifest().kind().jsonName()
                  + " checkpoint (its adapters are no part of the encoder a transformers model"
                  + " holds), e.g. "
                  + dropped.get(0));
        }
        writeHfModel(w, "", model, source.config().labels(), kept, source.tokenizer());
        layout = LAYOUT_MODEL;
      }
      case LORA -> {
        if (format == ExportFormat.ADAPTERS) {
          throw refusal(source, format, "LoRA is exported for PEFT", "peft or transformers");
        }
        requireClassifier(source, classifier);
        if (format == ExportFormat.TRANSFORMERS) {
          w.note(
              "LoRA merged into the weights: W + (lora_alpha / r) * B A for "
                  + peft.loraTargets().stream().map(LoraTarget::module).toList());
          writeHfModel(
              w,
              "",
              model,
              source.config().labels(),
              mergeLora(source.tensors(), peft),
              source.tokenizer());
          layout = LAYOUT_MODEL;
        } else {
          String baseRef = writeBase(w, source);
          writePeftLora(w, source, peft, baseRef);
          layout = LAYOUT_BASE_ADAPTER;
        }
      }
      case HOULSBY, PFEIFFER -> {
        if (format == ExportFormat.PEFT) {
          throw refusal(
              source,
              format,
              "PEFT has no bottleneck adapters",
              "adapters (or transformers: base and AdapterHub adapter side by side)");
        }
        requireClassifier(source, classifier);
        if (!peft.adapterResidual()) {
          throw new UserError(
              source.location()
                  + ": the adapters were trained without their residual (x + up(f(down(x))) is"
                  + " up(f(down(x))) here); AdapterHub's bottleneck adapter always adds it, so the"
                  + " export would compute another function");
        }
        if (format == ExportFormat.TRANSFORMERS) {
          w.note(
              "transformers has no bottleneck adapters: the base (BertModel) and the AdapterHub"
                  + " adapter are written side by side");
        }
        String baseRef = writeBase(w, source);
        writeAdapterHub(w, source, peft, baseRef);
        layout = LAYOUT_BASE_ADAPTER;
      }
      default -> throw new IllegalStateException(method.name());
    }
    writeDescription(w, source, format, layout, method == peft.method() ? peft : PeftConfig.full());
    return new Result(directory, layout, w.files, w.notes);
  }

  // ------------------------------------------------------------------ checks

  private static void requireFormat(
      ExportSource source, ExportFormat format, ExportFormat only, String why) {
    if (format != only) {
      throw refusal(source, format, why, only.optionName());
    }
  }

  private static UserError refusal(
      ExportSource source, ExportFormat format, String why, String formats) {
    return new UserError(
        source.location()
            + " ("
            + source.peft().method().jsonName()
            + ") cannot be exported as --format="
            + format.optionName()
            + ": "
            + why
            + "; use --format="
            + formats);
  }

  private static void requireClassifier(ExportSource source, boolean classifier) {
    if (!classifier) {
      throw new UserError(
          source.location()
              + " holds PEFT modules but no token classifier: only fine-tuned taggers are"
              + " exported as adapters");
    }
  }

  // ------------------------------------------------------------------ transformers

  /** Writes a HF model directory under {@code sub} ("" or "base/"). */
  private static void writeHfModel(
      Writer w,
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

  private static void writeTokenizer(Writer w, String sub, ResourceId tokenizer, ModelConfig model)
      throws IOException {
    byte[] bytes = ResourceIO.readBytes(tokenizer);
    w.bytes(sub + "tokenizer.json", bytes);
    JsonNode tok = JSON.readTree(bytes);
    JsonNode normalizer = tok.path("normalizer");
    boolean lower = normalizer.path("lowercase").asBoolean(false);
    ObjectNode special = JSON.createObjectNode();
    special.put("unk_token", "[UNK]");
    special.put("sep_token", "[SEP]");
    special.put("pad_token", "[PAD]");
    special.put("cls_token", "[CLS]");
    special.put("mask_token", "[MASK]");
    ObjectNode config = JSON.createObjectNode();
    config.put("tokenizer_class", "BertTokenizerFast");
    config.put("do_lower_case", lower);
    config.put("model_max_length", model.maxPositionEmbeddings() - model.positionOffset());
    config.setAll(special.deepCopy());
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
  private static String writeBase(Writer w, ExportSource source) throws IOException {
    StateDict encoder =
        source.base() != null
            ? source.base().encoder()
            : source.tensors().filter(n -> n.startsWith("bert.") && !PeftNames.isPeft(n));
    ModelConfig model =
        source.base() != null ? source.base().config().model() : source.config().model();
    writeHfModel(w, BASE_DIR + "/", model, List.of(), encoder, source.tokenizer());
    return ResourceIO.childDirectory(w.dir, BASE_DIR).toString();
  }

  // ------------------------------------------------------------------ AdapterHub

  /**
   * AdapterHub's bottleneck config ({@code BnConfig}, configuration/adapter_config.py) computing
   * primer's adapter: in {@code attention.output} / {@code output}, {@code h = dropout(dense(x))},
   * then {@code LayerNorm(h + up(f(down(h))) + input)}. In AdapterHub terms: no original LN before
   * (the adapter reads {@code h}), residual before LN ({@code residual = h}), original LN after
   * ({@code LayerNorm(adapter_out + input)}), no adapter LNs, scaling 1, sequential, no gating.
   */
  static ObjectNode adapterHubConfig(PeftConfig peft) {
    ObjectNode c = JSON.createObjectNode();
    c.put("mh_adapter", peft.method() == PeftMethod.HOULSBY);
    c.put("output_adapter", true);
    c.put("reduction_factor", peft.reductionFactor());
    c.put("non_linearity", adapterHubActivation(peft.adapterActivation()));
    c.put("original_ln_before", false);
    c.put("original_ln_after", true);
    c.put("ln_before", false);
    c.put("ln_after", false);
    c.put("init_weights", "bert");
    c.put("is_parallel", false);
    c.put("scaling", 1.0);
    c.put("use_gating", false);
    c.put("residual_before_ln", true);
    c.put("adapter_residual_before_ln", false);
    c.putNull("inv_adapter");
    c.putNull("inv_adapter_reduction_factor");
    c.put("cross_adapter", false);
    c.putArray("leave_out");
    c.put("dropout", 0.0);
    c.put("stochastic_depth", 0.0);
    c.put("phm_layer", false);
    return c;
  }

  /** AdapterHub's name (transformers' {@code ACT2FN}) of primer's adapter activation. */
  static String adapterHubActivation(AdapterActivation a) {
    return switch (a) {
      case RELU -> "relu";
      case GELU -> "gelu";
      case SILU -> "swish";
    };
  }

  private static void writeAdapterHub(
      Writer w, ExportSource source, PeftConfig peft, String baseRef) throws IOException {
    ModelConfig model = source.config().model();
    String name = ExportNames.ADAPTER_NAME;
    ObjectNode file = JSON.createObjectNode();
    file.set("config", adapterHubConfig(peft));
    file.put("hidden_size", model.hiddenSize());
    file.put("model_class", "BertAdapterModel");
    file.put("model_name", baseRef);
    file.put("model_type", "bert");
    file.put("name", name);
    String sub = ADAPTER_DIR + "/";
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
    ObjectNode headConfig = JSON.createObjectNode();
    ObjectNode hc = headConfig.putObject("config");
    hc.put("head_type", "tagging");
    hc.put("num_labels", (int) source.tensors().get("classifier.weight").dim(0));
    hc.put("layers", 1);
    hc.put("activation_function", "tanh");
    ObjectNode label2id = hc.putObject("label2id");
    List<String> labels = source.config().labels();
    for (int i = 0; i < labels.size(); i++) {
      label2id.put(labels.get(i), i);
    }
    headConfig.put("hidden_size", model.hiddenSize());
    headConfig.put("model_class", "BertAdapterModel");
    headConfig.put("model_name", baseRef);
    headConfig.put("model_type", "bert");
    headConfig.put("name", name);
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

  // ------------------------------------------------------------------ PEFT

  /** PEFT's LoRA config ({@code LoraConfig}, tuners/lora/config.py) for primer's LoRA. */
  static ObjectNode peftLoraConfig(PeftConfig peft, String baseRef) {
    ObjectNode c = JSON.createObjectNode();
    c.put("peft_type", "LORA");
    c.put("task_type", "TOKEN_CLS");
    c.put("base_model_name_or_path", baseRef);
    c.putNull("revision");
    c.put("inference_mode", true);
    c.put("r", peft.loraRank());
    double alpha = peft.loraAlpha();
    if (alpha == Math.rint(alpha) && Math.abs(alpha) < 1e9) {
      c.put("lora_alpha", (long) alpha);
    } else {
      c.put("lora_alpha", alpha);
    }
    c.put("lora_dropout", peft.loraDropout());
    Object targets = ExportNames.peftTargetModules(peft.loraTargets());
    if (targets instanceof String regex) {
      c.put("target_modules", regex);
    } else {
      ArrayNode list = c.putArray("target_modules");
      ((List<?>) targets).forEach(t -> list.add(t.toString()));
    }
    c.put("bias", "none");
    c.put("fan_in_fan_out", false);
    c.put("use_rslora", false);
    c.put("use_dora", false);
    c.put("init_lora_weights", true);
    c.putArray("modules_to_save").add("classifier");
    c.putNull("layers_to_transform");
    c.putNull("layers_pattern");
    c.putObject("rank_pattern");
    c.putObject("alpha_pattern");
    return c;
  }

  private static void writePeftLora(Writer w, ExportSource source, PeftConfig peft, String baseRef)
      throws IOException {
    String sub = ADAPTER_DIR + "/";
    w.json(sub + "adapter_config.json", peftLoraConfig(peft, baseRef));
    StateDict out = new StateDict();
    for (Map.Entry<String, Tensor> e : source.tensors().asMap().entrySet()) {
      String n = e.getKey();
      if (n.contains(".lora_A.") || n.contains(".lora_B.") || n.startsWith("classifier.")) {
        out.put(ExportNames.toPeft(n), e.getValue());
      }
    }
    w.safetensors(sub + "adapter_model.safetensors", out);
    w.note(
        "PEFT LoRA: scaling lora_alpha / r = "
            + peft.loraScale()
            + " as primer's; the classifier is a module to save");
  }

  // ------------------------------------------------------------------ description

  private static void writeDescription(
      Writer w, ExportSource source, ExportFormat format, String layout, PeftConfig peft)
      throws IOException {
    ObjectNode d = JSON.createObjectNode();
    d.put("format", FORMAT);
    d.put("format_version", 1);
    d.put("library_format", format.optionName());
    d.put("method", peft.method().jsonName());
    d.put("layout", layout);
    if (layout.equals(LAYOUT_MODEL)) {
      d.put("model", "./");
    } else {
      d.put("base", BASE_DIR + "/");
      d.put("adapter", ADAPTER_DIR + "/");
    }
    d.set("peft", peft.method() == PeftMethod.FULL ? null : JSON.readTree(peft.toJson()));
    ArrayNode labels = d.putArray("labels");
    source.config().labels().forEach(labels::add);
    ObjectNode src = d.putObject("source");
    src.put("checkpoint", source.location());
    src.put("kind", source.manifest().kind().jsonName());
    var weights = source.manifest().files().get(source.manifest().kind().weightsFile());
    src.put("weights_sha256", weights == null ? null : weights.sha256());
    if (source.manifest().provenance().has("task")) {
      src.set("task", source.manifest().provenance().get("task"));
    }
    if (layout.equals(LAYOUT_BASE_ADAPTER)) {
      ObjectNode base = d.putObject("base_model");
      base.put("directory", BASE_DIR + "/");
      base.put("model_safetensors_sha256", w.files.get(BASE_DIR + "/model.safetensors"));
      if (source.base() != null) {
        base.put("primer_checkpoint", source.base().location());
        base.put("primer_weights_sha256", source.base().weightsSha256());
        base.put("derived_from", source.base().origin());
      }
    }
    ArrayNode notes = d.putArray("notes");
    w.notes.forEach(notes::add);
    ObjectNode files = d.putObject("files");
    w.files.forEach(files::put);
    w.json(EXPORT_FILE, d);
    w.files.remove(EXPORT_FILE);
  }

  // ------------------------------------------------------------------ writing

  /** Writes files below one directory, recording their sha256. */
  private static final class Writer {
    final ResourceId dir;
    final Map<String, String> files = new LinkedHashMap<>();
    final List<String> notes = new ArrayList<>();

    Writer(ResourceId dir) {
      this.dir = dir;
    }

    void note(String note) {
      notes.add(note);
    }

    void json(String path, JsonNode node) throws IOException {
      bytes(path, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
    }

    void bytes(String path, byte[] bytes) throws IOException {
      ResourceIO.writeAtomically(ResourceIO.child(dir, path), bytes);
      files.put(path, ResourceIO.sha256(bytes));
    }

    void safetensors(String path, StateDict tensors) throws IOException {
      MessageDigest digest = ResourceIO.sha256Digest();
      ResourceIO.writeAtomically(
          ResourceIO.child(dir, path),
          (OutputStream out) -> {
            DigestOutputStream d = new DigestOutputStream(out, digest);
            SafetensorsWriter.write(tensors, Map.of("format", "pt"), d);
            d.flush();
          });
      files.put(path, HexFormat.of().formatHex(digest.digest()));
    }
  }
}

package dev.primer.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.primer.Json;
import dev.primer.UserError;
import dev.primer.learn.peft.LoraTarget;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.peft.PeftMethod;
import dev.primer.learn.weights.ModelConfig;
import dev.primer.learn.weights.PeftNames;
import dev.primer.learn.weights.StateDict;
import java.io.IOException;
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

  private static final ObjectMapper JSON = Json.mapper();

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
    ExportWriter w = new ExportWriter(directory);
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
        TransformersFormat.writeHfModel(
            w, "", model, source.config().labels(), kept, source.tokenizer());
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
          TransformersFormat.writeHfModel(
              w,
              "",
              model,
              source.config().labels(),
              TransformersFormat.mergeLora(source.tensors(), peft),
              source.tokenizer());
          layout = LAYOUT_MODEL;
        } else {
          String baseRef = TransformersFormat.writeBase(w, source);
          PeftFormat.write(w, source, peft, baseRef);
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
        String baseRef = TransformersFormat.writeBase(w, source);
        AdapterHubFormat.write(w, source, peft, baseRef);
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

  // ------------------------------------------------------------------ description

  private static void writeDescription(
      ExportWriter w, ExportSource source, ExportFormat format, String layout, PeftConfig peft)
      throws IOException {
    boolean model = layout.equals(LAYOUT_MODEL);
    var weights = source.manifest().files().get(source.manifest().kind().weightsFile());
    ExportJson.Source src =
        new ExportJson.Source(
            source.location(),
            source.manifest().kind().jsonName(),
            weights == null ? null : weights.sha256(),
            source.manifest().provenance().has("task")
                ? source.manifest().provenance().get("task")
                : null);
    ExportJson.BaseModel baseModel = null;
    if (layout.equals(LAYOUT_BASE_ADAPTER)) {
      baseModel =
          new ExportJson.BaseModel(
              BASE_DIR + "/",
              w.files.get(BASE_DIR + "/model.safetensors"),
              source.base() == null
                  ? null
                  : new ExportJson.PrimerBase(
                      source.base().location(),
                      source.base().weightsSha256(),
                      source.base().origin()));
    }
    ExportJson.Description d =
        new ExportJson.Description(
            FORMAT,
            1,
            format.optionName(),
            peft.method().jsonName(),
            layout,
            model ? "./" : null,
            model ? null : BASE_DIR + "/",
            model ? null : ADAPTER_DIR + "/",
            peft.method() == PeftMethod.FULL ? null : JSON.readTree(peft.toJson()),
            List.copyOf(source.config().labels()),
            src,
            baseModel,
            List.copyOf(w.notes),
            new LinkedHashMap<>(w.files));
    w.json(EXPORT_FILE, d);
    w.files.remove(EXPORT_FILE);
  }
}

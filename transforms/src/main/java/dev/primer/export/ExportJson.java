package dev.primer.export;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * The JSON files an export writes, as records bound by the shared mapper ({@code dev.primer.Json}):
 * the libraries' own configs (AdapterHub's {@code adapter_config.json} and {@code
 * head_config.json}, PEFT's {@code adapter_config.json}, transformers' {@code
 * tokenizer_config.json} and {@code special_tokens_map.json}), field names and order as those
 * libraries read them (snake case), and primer's {@code primer_export.json}.
 */
final class ExportJson {

  private ExportJson() {}

  /** AdapterHub's bottleneck config ({@code BnConfig}), see {@link AdapterHubFormat}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({
    "mh_adapter",
    "output_adapter",
    "reduction_factor",
    "non_linearity",
    "original_ln_before",
    "original_ln_after",
    "ln_before",
    "ln_after",
    "init_weights",
    "is_parallel",
    "scaling",
    "use_gating",
    "residual_before_ln",
    "adapter_residual_before_ln",
    "inv_adapter",
    "inv_adapter_reduction_factor",
    "cross_adapter",
    "leave_out",
    "dropout",
    "stochastic_depth",
    "phm_layer"
  })
  record BnConfig(
      boolean mhAdapter,
      boolean outputAdapter,
      int reductionFactor,
      String nonLinearity,
      boolean originalLnBefore,
      boolean originalLnAfter,
      boolean lnBefore,
      boolean lnAfter,
      String initWeights,
      boolean isParallel,
      double scaling,
      boolean useGating,
      boolean residualBeforeLn,
      boolean adapterResidualBeforeLn,
      String invAdapter,
      Integer invAdapterReductionFactor,
      boolean crossAdapter,
      List<Integer> leaveOut,
      double dropout,
      double stochasticDepth,
      boolean phmLayer) {}

  /**
   * AdapterHub's {@code adapter_config.json} ({@code C} = {@link BnConfig}) and {@code
   * head_config.json} ({@code C} = {@link TaggingHead}): a config and the model it fits.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({"config", "hidden_size", "model_class", "model_name", "model_type", "name"})
  record AdapterHubFile<C>(
      C config,
      int hiddenSize,
      String modelClass,
      String modelName,
      String modelType,
      String name) {}

  /** The tagging head of AdapterHub's {@code head_config.json}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({"head_type", "num_labels", "layers", "activation_function", "label2id"})
  record TaggingHead(
      String headType,
      int numLabels,
      int layers,
      String activationFunction,
      Map<String, Integer> label2id) {}

  /**
   * PEFT's LoRA config ({@code LoraConfig}), see {@link PeftFormat}.
   *
   * @param loraAlpha a whole number is written as an integer, as PEFT writes it
   * @param targetModules a regex, or a list of module names
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({
    "peft_type",
    "task_type",
    "base_model_name_or_path",
    "revision",
    "inference_mode",
    "r",
    "lora_alpha",
    "lora_dropout",
    "target_modules",
    "bias",
    "fan_in_fan_out",
    "use_rslora",
    "use_dora",
    "init_lora_weights",
    "modules_to_save",
    "layers_to_transform",
    "layers_pattern",
    "rank_pattern",
    "alpha_pattern"
  })
  record LoraConfig(
      String peftType,
      String taskType,
      String baseModelNameOrPath,
      String revision,
      boolean inferenceMode,
      int r,
      Number loraAlpha,
      double loraDropout,
      Object targetModules,
      String bias,
      boolean fanInFanOut,
      boolean useRslora,
      boolean useDora,
      boolean initLoraWeights,
      List<String> modulesToSave,
      List<Integer> layersToTransform,
      String layersPattern,
      Map<String, Integer> rankPattern,
      Map<String, Double> alphaPattern) {}

  /** transformers' {@code special_tokens_map.json} of a BERT WordPiece tokenizer. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({"unk_token", "sep_token", "pad_token", "cls_token", "mask_token"})
  record SpecialTokens(
      String unkToken, String sepToken, String padToken, String clsToken, String maskToken) {

    /** BERT's: [UNK], [SEP], [PAD], [CLS], [MASK]. */
    static SpecialTokens bert() {
      return new SpecialTokens("[UNK]", "[SEP]", "[PAD]", "[CLS]", "[MASK]");
    }
  }

  /** transformers' {@code tokenizer_config.json}: the class, casing, length and special tokens. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({
    "tokenizer_class",
    "do_lower_case",
    "model_max_length",
    "unk_token",
    "sep_token",
    "pad_token",
    "cls_token",
    "mask_token"
  })
  record TokenizerConfig(
      String tokenizerClass,
      boolean doLowerCase,
      int modelMaxLength,
      String unkToken,
      String sepToken,
      String padToken,
      String clsToken,
      String maskToken) {

    /** A fast BERT tokenizer with {@code special}'s tokens. */
    static TokenizerConfig bert(boolean lowerCase, int maxLength, SpecialTokens special) {
      return new TokenizerConfig(
          "BertTokenizerFast",
          lowerCase,
          maxLength,
          special.unkToken(),
          special.sepToken(),
          special.padToken(),
          special.clsToken(),
          special.maskToken());
    }
  }

  /**
   * primer's {@code primer_export.json}: what was exported, from where, in which layout.
   *
   * @param model {@code ./} in the model layout, else absent
   * @param base the base directory in the base + adapter layout, else absent
   * @param adapter the adapter directory in the base + adapter layout, else absent
   * @param peft the PEFT config ({@code null} for full fine-tuning)
   * @param baseModel the base model of the base + adapter layout, else absent
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({
    "format",
    "format_version",
    "library_format",
    "method",
    "layout",
    "model",
    "base",
    "adapter",
    "peft",
    "labels",
    "source",
    "base_model",
    "notes",
    "files"
  })
  record Description(
      String format,
      int formatVersion,
      String libraryFormat,
      String method,
      String layout,
      @JsonInclude(JsonInclude.Include.NON_NULL) String model,
      @JsonInclude(JsonInclude.Include.NON_NULL) String base,
      @JsonInclude(JsonInclude.Include.NON_NULL) String adapter,
      JsonNode peft,
      List<String> labels,
      Source source,
      @JsonInclude(JsonInclude.Include.NON_NULL) BaseModel baseModel,
      List<String> notes,
      Map<String, String> files) {}

  /**
   * The checkpoint an export was made from.
   *
   * @param weightsSha256 its weights' SHA-256 (null when its manifest lists none)
   * @param task the fine-tuning task of its provenance, absent when it has none
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({"checkpoint", "kind", "weights_sha256", "task"})
  record Source(
      String checkpoint,
      String kind,
      String weightsSha256,
      @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode task) {}

  /**
   * The base model of a base + adapter export.
   *
   * @param primer the primer checkpoint it was exported from, absent when unknown
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({"directory", "model_safetensors_sha256"})
  record BaseModel(
      String directory,
      String modelSafetensorsSha256,
      @JsonUnwrapped @JsonInclude(JsonInclude.Include.NON_NULL) PrimerBase primer) {}

  /**
   * The primer checkpoint a base model was exported from (fields written flat into {@link
   * BaseModel}).
   *
   * @param primerCheckpoint its directory
   * @param primerWeightsSha256 its weights' SHA-256
   * @param derivedFrom where its weights came from
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({"primer_checkpoint", "primer_weights_sha256", "derived_from"})
  record PrimerBase(String primerCheckpoint, String primerWeightsSha256, String derivedFrom) {}
}

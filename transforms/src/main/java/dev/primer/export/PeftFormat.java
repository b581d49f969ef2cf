package dev.primer.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.primer.Json;
import dev.primer.UserError;
import dev.primer.io.ResourceIO;
import dev.primer.learn.peft.LoraTarget;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.peft.PeftMethod;
import dev.primer.learn.weights.StateDict;
import dev.primer.learn.weights.Tensor;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * The PEFT LoRA layout of an export ({@code adapter_config.json} and {@code
 * adapter_model.safetensors} under {@code adapter/}), written by {@link ModelExporter}, and its
 * inverse for {@link ExportedModels}, which refuses what primer's LoRA does not compute.
 */
final class PeftFormat {

  private static final ObjectMapper JSON = Json.mapper();

  private PeftFormat() {}

  /** PEFT's LoRA config ({@code LoraConfig}, tuners/lora/config.py) for primer's LoRA. */
  static ExportJson.LoraConfig peftLoraConfig(PeftConfig peft, String baseRef) {
    double alpha = peft.loraAlpha();
    Number loraAlpha = alpha;
    if (alpha == Math.rint(alpha) && Math.abs(alpha) < 1e9) {
      loraAlpha = (long) alpha; // an integer, as PEFT writes it
    }
    Object targets = ExportNames.peftTargetModules(peft.loraTargets());
    Object targetModules =
        targets instanceof String regex
            ? regex
            : ((List<?>) targets).stream().map(Object::toString).toList();
    return new ExportJson.LoraConfig(
        "LORA",
        "TOKEN_CLS",
        baseRef,
        null,
        true,
        peft.loraRank(),
        loraAlpha,
        peft.loraDropout(),
        targetModules,
        "none",
        false,
        false,
        false,
        true,
        List.of("classifier"),
        null,
        null,
        Map.of(),
        Map.of());
  }

  static void write(ExportWriter w, ExportSource source, PeftConfig peft, String baseRef)
      throws IOException {
    String sub = ModelExporter.ADAPTER_DIR + "/";
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

  static PeftConfig read(ResourceId dir, JsonNode c, StateDict into) throws IOException {
    String source = ResourceIO.child(dir, "adapter_config.json").toString();
    if (!"LORA".equals(c.path("peft_type").asText())) {
      throw ExportedModels.unsupported(
          source, "peft_type " + c.get("peft_type") + " (primer reads LORA)");
    }
    if (c.path("use_rslora").asBoolean(false)) {
      throw ExportedModels.unsupported(source, "use_rslora (scaling alpha / sqrt(r))");
    }
    if (c.path("use_dora").asBoolean(false)) {
      throw ExportedModels.unsupported(source, "use_dora");
    }
    if (c.path("fan_in_fan_out").asBoolean(false)) {
      throw ExportedModels.unsupported(source, "fan_in_fan_out");
    }
    if (!c.path("bias").asText("none").equals("none")) {
      throw ExportedModels.unsupported(source, "bias " + c.get("bias"));
    }
    if (c.path("rank_pattern").size() > 0 || c.path("alpha_pattern").size() > 0) {
      throw ExportedModels.unsupported(source, "rank_pattern / alpha_pattern");
    }
    if (c.hasNonNull("layers_to_transform")) {
      throw ExportedModels.unsupported(source, "layers_to_transform");
    }
    Set<LoraTarget> targets = loraTargets(c.get("target_modules"), source);
    StateDict weights =
        ExportedModels.readSafetensors(ResourceIO.child(dir, "adapter_model.safetensors"));
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
          throw ExportedModels.unsupported(source, "target_modules regex " + spec);
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
      throw ExportedModels.unsupported(
          source, "target_modules " + spec + " (no query/key/value/dense of BERT)");
    }
    return out;
  }
}

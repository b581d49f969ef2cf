package dev.primer.export;

import dev.primer.learn.peft.LoraTarget;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tensor names of the Python libraries, to and from primer's (HuggingFace BERT) names.
 *
 * <ul>
 *   <li>AdapterHub {@code adapters} ({@code BertAdapterModel}; methods/modeling.py {@code Adapter}:
 *       {@code adapter_down} is {@code Sequential(Linear, activation)}, {@code adapter_up} a {@code
 *       Linear}): {@code bert.encoder.layer.I.output.adapter.down.weight} is {@code
 *       bert.encoder.layer.I.output.adapters.NAME.adapter_down.0.weight}, {@code ...adapter.up.*}
 *       is {@code ...adapters.NAME.adapter_up.*}, the same under {@code attention.output}; the
 *       tagging head (heads/base.py {@code PredictionHead.build}: {@code Dropout}, {@code Linear})
 *       {@code classifier.*} is {@code heads.NAME.1.*}.
 *   <li>PEFT (docs/source/developer_guides/checkpoint.md; {@code save_pretrained} strips the
 *       adapter name and the {@code modules_to_save} wrapper): {@code X.lora_A.weight} is {@code
 *       base_model.model.X.lora_A.weight}, {@code classifier.*} is {@code
 *       base_model.model.classifier.*}.
 * </ul>
 */
public final class ExportNames {

  /** The adapter (and head) name used in AdapterHub exports. */
  public static final String ADAPTER_NAME = "ner";

  /** The prefix PEFT puts before the wrapped model's names. */
  public static final String PEFT_PREFIX = "base_model.model.";

  private static final Pattern PRIMER_ADAPTER =
      Pattern.compile(
          "^(bert\\.encoder\\.layer\\.\\d+\\.(?:attention\\.)?output)\\.adapter\\.(down|up)\\.(weight|bias)$");
  private static final Pattern HUB_ADAPTER =
      Pattern.compile(
          "^(bert\\.encoder\\.layer\\.\\d+\\.(?:attention\\.)?output)\\.adapters\\.([^.]+)\\.(adapter_down\\.0|adapter_up)\\.(weight|bias)$");

  private ExportNames() {}

  /** AdapterHub name of a primer adapter tensor, or null when {@code name} is none. */
  public static String toAdapterHub(String name, String adapterName) {
    Matcher m = PRIMER_ADAPTER.matcher(name);
    if (!m.matches()) {
      return null;
    }
    String part = m.group(2).equals("down") ? "adapter_down.0" : "adapter_up";
    return m.group(1) + ".adapters." + adapterName + "." + part + "." + m.group(3);
  }

  /** Primer name of an AdapterHub adapter tensor, or null when {@code name} is none. */
  public static String fromAdapterHub(String name) {
    Matcher m = HUB_ADAPTER.matcher(name);
    if (!m.matches()) {
      return null;
    }
    String part = m.group(3).equals("adapter_down.0") ? "down" : "up";
    return m.group(1) + ".adapter." + part + "." + m.group(4);
  }

  /** The adapter name in an AdapterHub adapter tensor name, or null. */
  public static String adapterHubAdapterName(String name) {
    Matcher m = HUB_ADAPTER.matcher(name);
    return m.matches() ? m.group(2) : null;
  }

  /** AdapterHub name of a classifier tensor ({@code classifier.weight} etc.). */
  public static String toAdapterHubHead(String name, String headName) {
    if (!name.startsWith("classifier.")) {
      throw new IllegalArgumentException("not a classifier tensor: " + name);
    }
    return "heads." + headName + ".1." + name.substring("classifier.".length());
  }

  /** Primer name of an AdapterHub single-layer head tensor, or null. */
  public static String fromAdapterHubHead(String name, String headName) {
    String prefix = "heads." + headName + ".1.";
    return name.startsWith(prefix) ? "classifier." + name.substring(prefix.length()) : null;
  }

  /** PEFT name of a primer LoRA or classifier tensor. */
  public static String toPeft(String name) {
    return PEFT_PREFIX + name;
  }

  /** Primer name of a PEFT tensor, or null when it lacks PEFT's prefix. */
  public static String fromPeft(String name) {
    return name.startsWith(PEFT_PREFIX) ? name.substring(PEFT_PREFIX.length()) : null;
  }

  /**
   * PEFT's {@code target_modules} for primer's LoRA targets: a list of module-name suffixes (PEFT
   * matches {@code key == t or key.endswith("." + t)}), or, when {@code output.dense} would also
   * match {@code attention.output.dense}, a regular expression PEFT matches against whole module
   * names.
   */
  public static Object peftTargetModules(Set<LoraTarget> targets) {
    if (targets.contains(LoraTarget.OUTPUT)) {
      StringBuilder alternatives = new StringBuilder();
      for (LoraTarget t : targets) {
        if (alternatives.length() > 0) {
          alternatives.append('|');
        }
        alternatives.append(t.module().replace(".", "\\."));
      }
      return ".*\\.encoder\\.layer\\.\\d+\\.(" + alternatives + ")";
    }
    return targets.stream().map(ExportNames::peftSuffix).toList();
  }

  /** The suffix PEFT matches for a target (unique among BERT's modules). */
  static String peftSuffix(LoraTarget t) {
    return switch (t) {
      case QUERY -> "query";
      case KEY -> "key";
      case VALUE -> "value";
      default -> t.module();
    };
  }

  /** The primer target a PEFT suffix names, or null. */
  static LoraTarget targetOfPeftSuffix(String suffix) {
    for (LoraTarget t : LoraTarget.values()) {
      if (t == LoraTarget.OUTPUT) {
        continue;
      }
      if (peftSuffix(t).equals(suffix) || t.module().equals(suffix)) {
        return t;
      }
    }
    return null;
  }
}

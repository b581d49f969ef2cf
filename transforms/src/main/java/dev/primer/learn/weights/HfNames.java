package dev.primer.learn.weights;

/**
 * Maps HuggingFace parameter names of BERT and XLM-RoBERTa checkpoints ({@code BertModel}, {@code
 * BertForMaskedLM}, {@code BertForTokenClassification}, {@code XLMRobertaForMaskedLM}, ...) to our
 * names (HF BERT names with the {@code bert.} prefix).
 *
 * <ul>
 *   <li>{@code bert.}/{@code roberta.} prefix, or none (bare {@code BertModel}) → {@code bert.}
 *   <li>legacy {@code LayerNorm.gamma}/{@code beta} → {@code weight}/{@code bias}
 *   <li>XLM-R {@code lm_head.dense}/{@code lm_head.layer_norm}/{@code lm_head.bias} → {@code
 *       cls.predictions.transform.dense}/{@code cls.predictions.transform.LayerNorm}/{@code
 *       cls.predictions.bias}
 *   <li>dropped ({@code null}): tied decoder weights and their bias copies, the pooler, the NSP
 *       head, and the {@code position_ids}/{@code token_type_ids} buffers
 * </ul>
 */
public final class HfNames {

  private HfNames() {}

  /** Our name for {@code hfName}, or {@code null} when the tensor is not used. */
  public static String map(String hfName) {
    String name = hfName;
    if (name.endsWith(".gamma")) {
      name = name.substring(0, name.length() - ".gamma".length()) + ".weight";
    } else if (name.endsWith(".beta")) {
      name = name.substring(0, name.length() - ".beta".length()) + ".bias";
    }
    if (name.startsWith("bert.")) {
      name = name.substring("bert.".length());
    } else if (name.startsWith("roberta.")) {
      name = name.substring("roberta.".length());
    }
    if (name.startsWith("embeddings.")) {
      if (name.equals("embeddings.position_ids") || name.equals("embeddings.token_type_ids")) {
        return null;
      }
      return "bert." + name;
    }
    if (name.startsWith("encoder.")) {
      return "bert." + name;
    }
    if (name.startsWith("lm_head.")) {
      return mapLmHead(name.substring("lm_head.".length()));
    }
    if (name.startsWith("cls.predictions.")) {
      String rest = name.substring("cls.predictions.".length());
      return rest.startsWith("decoder.") ? null : name;
    }
    if (name.startsWith("classifier.")) {
      return name;
    }
    // pooler.*, cls.seq_relationship.* and anything unknown
    return null;
  }

  private static String mapLmHead(String rest) {
    if (rest.startsWith("dense.")) {
      return "cls.predictions.transform." + rest;
    }
    if (rest.startsWith("layer_norm.")) {
      return "cls.predictions.transform.LayerNorm." + rest.substring("layer_norm.".length());
    }
    if (rest.equals("bias")) {
      return "cls.predictions.bias";
    }
    return null;
  }
}

package dev.primer.learn.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.primer.Json;
import dev.primer.learn.weights.ModelConfig;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of a checkpoint's {@code config.json}: the HuggingFace model config, plus, when
 * present, the label list (as HF's {@code id2label}/{@code label2id}) and the PEFT config (under
 * {@code "peft"}, free-form JSON owned by the model code). The model part stays a JSON tree ({@link
 * ModelConfig}) so that the unknown fields of imported HuggingFace configs survive; the rest is
 * bound by the shared mapper ({@link Json}).
 *
 * @param model the encoder configuration
 * @param labels tag labels by id (empty when the model has no classifier)
 * @param peft the PEFT configuration, or {@code null}
 */
public record CheckpointConfig(ModelConfig model, List<String> labels, JsonNode peft) {

  private static final ObjectMapper JSON = Json.mapper();

  /** Normalises {@code labels} to an immutable list and copies {@code peft}. */
  public CheckpointConfig {
    if (model == null) {
      throw new IllegalArgumentException("A checkpoint config needs a model config");
    }
    labels = labels == null ? List.of() : List.copyOf(labels);
    peft = peft == null || peft.isNull() ? null : peft.deepCopy();
  }

  /** A config with only the model part. */
  public static CheckpointConfig of(ModelConfig model) {
    return new CheckpointConfig(model, List.of(), null);
  }

  /** The JSON written as {@code config.json}. */
  public byte[] toJsonBytes() throws IOException {
    ObjectNode root = model.toJson();
    root.remove("peft");
    root.remove("id2label");
    root.remove("label2id");
    if (!labels.isEmpty()) {
      Map<String, String> id2label = new LinkedHashMap<>();
      Map<String, Integer> label2id = new LinkedHashMap<>();
      for (int i = 0; i < labels.size(); i++) {
        id2label.put(Integer.toString(i), labels.get(i));
        label2id.put(labels.get(i), i);
      }
      root.set("id2label", JSON.valueToTree(id2label));
      root.set("label2id", JSON.valueToTree(label2id));
    }
    if (peft != null) {
      root.set("peft", peft);
    }
    return JSON.writeValueAsBytes(root);
  }

  /** Parses a {@code config.json} written by {@link #toJsonBytes()} (or a plain HF config). */
  public static CheckpointConfig parse(InputStream in, String source) throws IOException {
    return split(ModelConfig.parse(in, source), source);
  }

  /**
   * Splits a HF-style config that may carry {@code id2label} and {@code peft} into model config,
   * labels and PEFT config.
   */
  public static CheckpointConfig split(ModelConfig config, String source) throws IOException {
    ObjectNode root = config.toJson();
    JsonNode peft = root.remove("peft");
    JsonNode id2label = root.remove("id2label");
    root.remove("label2id");
    List<String> labels = new ArrayList<>();
    if (id2label != null && id2label.isObject()) {
      for (int i = 0; i < id2label.size(); i++) {
        JsonNode label = id2label.get(Integer.toString(i));
        if (label == null) {
          throw new IOException(source + ": id2label has no entry for id " + i);
        }
        labels.add(label.asText());
      }
    }
    return new CheckpointConfig(ModelConfig.of(root), labels, peft);
  }
}

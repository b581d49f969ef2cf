package dev.primer.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.primer.Json;
import dev.primer.UserError;
import dev.primer.io.ResourceIO;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.weights.ImportedModel;
import dev.primer.learn.weights.ModelConfig;
import dev.primer.learn.weights.SafetensorsReader;
import dev.primer.learn.weights.StateDict;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
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

  private static final ObjectMapper JSON = Json.mapper();

  private ExportedModels() {}

  /** Whether {@code dir} holds an export, a HF model or an adapter directory this class reads. */
  public static boolean isExport(ResourceId dir) throws IOException {
    return ResourceIO.exists(ResourceIO.child(dir, ModelExporter.EXPORT_FILE))
        || ResourceIO.exists(ResourceIO.child(dir, "adapter_config.json"))
        || TransformersFormat.isHfModel(dir);
  }

  /**
   * Whether a local directory holds an export or an adapter directory (a plain HF model directory
   * is left to {@code PretrainedWeights}, which reads it the same way).
   */
  public static boolean isExportDirectory(java.nio.file.Path dir) {
    return java.nio.file.Files.isRegularFile(dir.resolve(ModelExporter.EXPORT_FILE))
        || java.nio.file.Files.isRegularFile(dir.resolve("adapter_config.json"));
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
        return TransformersFormat.readHf(dir, null);
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
    if (TransformersFormat.isHfModel(dir)) {
      return TransformersFormat.readHf(dir, null);
    }
    throw new UserError(
        dir
            + " holds no "
            + ModelExporter.EXPORT_FILE
            + ", adapter_config.json or config.json + model.safetensors");
  }

  // ------------------------------------------------------------------ adapters

  private static ImportedModel readAdapter(ResourceId dir, ResourceId base, JsonNode primerPeft)
      throws IOException {
    JsonNode config = readJson(ResourceIO.child(dir, "adapter_config.json"));
    if (base == null || !TransformersFormat.isHfModel(base)) {
      throw new UserError(
          dir
              + ": its base model (config.json + model.safetensors) was not found"
              + (base == null ? "" : " in " + base)
              + "; export with ./primer export, which writes it beside the adapter");
    }
    ImportedModel baseModel = TransformersFormat.readHf(base, null);
    StateDict tensors = new StateDict();
    baseModel.tensors().asMap().forEach(tensors::put);
    PeftConfig peft;
    List<String> labels;
    if (config.has("peft_type")) {
      peft = PeftFormat.read(dir, config, tensors);
      labels = null;
    } else if (config.has("config") && config.get("config").has("mh_adapter")) {
      peft = AdapterHubFormat.read(dir, config, tensors);
      labels = AdapterHubFormat.headLabels(dir);
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
      if (TransformersFormat.isHfModel(sibling)) {
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

  static UserError unsupported(String source, String what) {
    return new UserError(source + ": primer's modules cannot compute " + what);
  }

  static JsonNode readJson(ResourceId file) throws IOException {
    try {
      return JSON.readTree(ResourceIO.readBytes(file));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UserError(file + ": malformed JSON: " + e.getOriginalMessage(), e);
    }
  }

  static StateDict readSafetensors(ResourceId file) throws IOException {
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

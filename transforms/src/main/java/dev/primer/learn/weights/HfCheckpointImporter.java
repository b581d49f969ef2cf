package dev.primer.learn.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.primer.Json;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Imports a HuggingFace BERT or XLM-RoBERTa checkpoint directory ({@code config.json} plus {@code
 * model.safetensors}, or shards listed in {@code model.safetensors.index.json}) into our names (see
 * {@link HfNames}). The tied MLM decoder weight is skipped without being read, as HF itself re-ties
 * it to the word embeddings on load; a config with {@code tie_word_embeddings: false} is refused.
 * XLM-R keeps its {@code model_type} and its 2 extra position rows: see {@link
 * ModelConfig#positionOffset()}.
 */
public final class HfCheckpointImporter {

  private static final ObjectMapper JSON = Json.mapper();

  private HfCheckpointImporter() {}

  /** Whether {@code dir} looks like a HF checkpoint directory with safetensors weights. */
  public static boolean isHfDirectory(Path dir) {
    return Files.isRegularFile(dir.resolve("config.json"))
        && (Files.isRegularFile(dir.resolve("model.safetensors"))
            || Files.isRegularFile(dir.resolve("model.safetensors.index.json")));
  }

  /** Imports the checkpoint in {@code dir}. */
  public static ImportedModel importDirectory(Path dir) throws IOException {
    Path configFile = dir.resolve("config.json");
    if (!Files.isRegularFile(configFile)) {
      throw new IllegalArgumentException(configFile + " is missing: not a HuggingFace checkpoint");
    }
    ModelConfig config;
    try (InputStream in = Files.newInputStream(configFile)) {
      config = ModelConfig.parse(in, configFile.toString());
    }
    return importFiles(config, weightFiles(dir), dir.toString());
  }

  /**
   * Checks the checkpoint in {@code dir} without reading tensor data: {@code config.json} parses,
   * every weight file has a valid safetensors header and is long enough for the data it declares,
   * and every encoder parameter the config implies is declared with its shape.
   *
   * @throws IOException or {@link IllegalArgumentException} naming the file and the problem
   */
  public static ModelConfig check(Path dir) throws IOException {
    Path configFile = dir.resolve("config.json");
    ModelConfig config;
    try (InputStream in = Files.newInputStream(configFile)) {
      config = ModelConfig.parse(in, configFile.toString());
    }
    if (config.has("tie_word_embeddings") && !config.get("tie_word_embeddings").asBoolean()) {
      throw new IllegalArgumentException(
          dir + ": tie_word_embeddings is false; an untied MLM decoder is not supported");
    }
    java.util.Map<String, long[]> declared = new java.util.HashMap<>();
    for (Path file : weightFiles(dir)) {
      SafetensorsHeader header;
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
        header = SafetensorsHeader.read(in, file.toString());
      }
      long needed = 8 + header.headerBytes() + header.dataBytes();
      if (Files.size(file) < needed) {
        throw new IOException(
            file + ": truncated: " + Files.size(file) + " bytes, the header declares " + needed);
      }
      for (SafetensorsHeader.Entry e : header.entries()) {
        String ours = HfNames.map(e.name());
        if (ours != null) {
          declared.put(ours, e.shape());
        }
      }
    }
    for (java.util.Map.Entry<String, long[]> e : BertParameters.encoder(config).entrySet()) {
      long[] shape = declared.get(e.getKey());
      if (shape == null) {
        throw new IllegalArgumentException(dir + ": tensor " + e.getKey() + " is missing");
      }
      if (!java.util.Arrays.equals(shape, e.getValue())) {
        throw new IllegalArgumentException(
            dir
                + ": tensor "
                + e.getKey()
                + " has shape "
                + java.util.Arrays.toString(shape)
                + " but the config implies "
                + java.util.Arrays.toString(e.getValue()));
      }
    }
    return config;
  }

  /** Imports the given safetensors files (shards) under {@code config}. */
  public static ImportedModel importFiles(ModelConfig config, List<Path> files, String source)
      throws IOException {
    if (config.has("tie_word_embeddings") && !config.get("tie_word_embeddings").asBoolean()) {
      throw new IllegalArgumentException(
          source + ": tie_word_embeddings is false; an untied MLM decoder is not supported");
    }
    StateDict tensors = new StateDict();
    List<String> dropped = new ArrayList<>();
    for (Path file : files) {
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
        SafetensorsHeader header = SafetensorsHeader.read(in, file.toString());
        for (SafetensorsHeader.Entry e : header.entries()) {
          if (HfNames.map(e.name()) == null) {
            dropped.add(e.name());
          }
        }
        StateDict read =
            SafetensorsReader.readData(
                header, in, file.toString(), name -> HfNames.map(name) != null);
        for (String hfName : read.names()) {
          String ours = HfNames.map(hfName);
          if (tensors.contains(ours)) {
            throw new IllegalArgumentException(
                file + ": tensor " + hfName + " maps to " + ours + ", which is already imported");
          }
          tensors.put(ours, read.get(hfName));
        }
      }
    }
    BertParameters.verify(tensors, config, source);
    return new ImportedModel(config, tensors, dropped, source);
  }

  private static List<Path> weightFiles(Path dir) throws IOException {
    Path single = dir.resolve("model.safetensors");
    if (Files.isRegularFile(single)) {
      return List.of(single);
    }
    Path index = dir.resolve("model.safetensors.index.json");
    if (Files.isRegularFile(index)) {
      JsonNode map = JSON.readTree(index.toFile()).path("weight_map");
      Set<String> shards = new LinkedHashSet<>();
      map.fields().forEachRemaining(e -> shards.add(e.getValue().asText()));
      if (shards.isEmpty()) {
        throw new IllegalArgumentException(index + ": weight_map is empty");
      }
      List<Path> files = new ArrayList<>();
      for (String shard : shards) {
        files.add(dir.resolve(shard));
      }
      return files;
    }
    if (Files.isRegularFile(dir.resolve("pytorch_model.bin"))) {
      throw new IllegalArgumentException(
          dir
              + " holds only pytorch_model.bin (pickle); convert it to model.safetensors first"
              + " (e.g. with transformers: model.save_pretrained(dir, safe_serialization=True))");
    }
    throw new IllegalArgumentException(dir + " has no model.safetensors");
  }
}

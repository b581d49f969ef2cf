package dev.primer.learn.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Synthetic HuggingFace checkpoints, named and laid out as transformers saves them. */
class HfCheckpointImporterTest {

  private static void writeSafetensors(Path file, StateDict tensors) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      SafetensorsWriter.write(tensors, Map.of("format", "pt"), out);
    }
  }

  private static void writeConfig(Path dir, ModelConfig config) throws IOException {
    Files.writeString(dir.resolve("config.json"), config.toJsonString());
  }

  /** Our state dict renamed as BertForMaskedLM saves it, with the extras HF files carry. */
  private static StateDict asBertForMaskedLm(StateDict ours, String prefix, boolean legacy) {
    StateDict hf = new StateDict();
    for (Map.Entry<String, Tensor> e : ours.asMap().entrySet()) {
      String name = e.getKey();
      if (name.startsWith("bert.")) {
        name = prefix + name.substring("bert.".length());
      }
      if (legacy && name.contains("LayerNorm.")) {
        name =
            name.replace("LayerNorm.weight", "LayerNorm.gamma")
                .replace("LayerNorm.bias", "LayerNorm.beta");
      }
      hf.put(name, e.getValue());
    }
    Random random = new Random(9);
    int h = (int) ours.get("bert.embeddings.word_embeddings.weight").dim(1);
    int p = (int) ours.get("bert.embeddings.position_embeddings.weight").dim(0);
    long[] ids = new long[p];
    for (int i = 0; i < p; i++) {
      ids[i] = i;
    }
    hf.put(prefix + "embeddings.position_ids", Tensor.ofLongs(ids, 1, p));
    hf.put(prefix + "pooler.dense.weight", TinyBert.gaussian(random, 0.1f, h, h));
    hf.put(prefix + "pooler.dense.bias", TinyBert.gaussian(random, 0.1f, h));
    if (ours.contains("cls.predictions.bias")) {
      hf.put("cls.predictions.decoder.weight", ours.get("bert.embeddings.word_embeddings.weight"));
      hf.put("cls.predictions.decoder.bias", ours.get("cls.predictions.bias"));
      hf.put("cls.seq_relationship.weight", TinyBert.gaussian(random, 0.1f, 2, h));
      hf.put("cls.seq_relationship.bias", TinyBert.gaussian(random, 0.1f, 2));
    }
    return hf;
  }

  @Test
  void bertForMaskedLmWithLegacyLayerNormNames(@TempDir Path dir) throws IOException {
    ModelConfig config = TinyBert.config();
    StateDict ours = TinyBert.stateDict(config, 11);
    writeSafetensors(dir.resolve("model.safetensors"), asBertForMaskedLm(ours, "bert.", true));
    writeConfig(dir, config);

    assertTrue(HfCheckpointImporter.isHfDirectory(dir));
    ImportedModel imported = HfCheckpointImporter.importDirectory(dir);
    assertEquals(ours.names(), imported.tensors().names());
    for (String name : ours.names()) {
      assertTrue(ours.get(name).bitEquals(imported.tensors().get(name)), name);
    }
    assertEquals(
        Set.of(
            "bert.embeddings.position_ids",
            "bert.pooler.dense.weight",
            "bert.pooler.dense.bias",
            "cls.predictions.decoder.weight",
            "cls.predictions.decoder.bias",
            "cls.seq_relationship.weight",
            "cls.seq_relationship.bias"),
        Set.copyOf(imported.dropped()));
    assertEquals(config, imported.config());
    assertEquals(0, imported.config().positionOffset());
  }

  @Test
  void bareBertModelWithoutPrefixOrHead(@TempDir Path dir) throws IOException {
    ModelConfig config = TinyBert.config();
    StateDict ours = TinyBert.stateDict(config, 12).filter(n -> n.startsWith("bert."));
    writeSafetensors(dir.resolve("model.safetensors"), asBertForMaskedLm(ours, "", false));
    writeConfig(dir, config);
    ImportedModel imported = HfCheckpointImporter.importDirectory(dir);
    assertTrue(ours.bitEquals(imported.tensors()));
  }

  @Test
  void xlmRobertaForMaskedLm(@TempDir Path dir) throws IOException {
    // XLM-R: pad id 1, positions start at 2, so max_position_embeddings = 20 + 2; one token type.
    ObjectNode json = TinyBert.config().toJson();
    json.put("model_type", "xlm-roberta");
    json.put("max_position_embeddings", 22);
    json.put("type_vocab_size", 1);
    json.put("pad_token_id", 1);
    json.put("bos_token_id", 0);
    json.put("eos_token_id", 2);
    json.put("layer_norm_eps", 1e-5);
    ModelConfig config = ModelConfig.of(json);
    StateDict ours = TinyBert.stateDict(config, 13);

    StateDict hf = new StateDict();
    Random random = new Random(3);
    for (Map.Entry<String, Tensor> e : ours.asMap().entrySet()) {
      String name = e.getKey();
      if (name.startsWith("bert.")) {
        hf.put("roberta." + name.substring("bert.".length()), e.getValue());
      }
    }
    hf.put("roberta.pooler.dense.weight", TinyBert.gaussian(random, 0.1f, 8, 8));
    hf.put("roberta.pooler.dense.bias", TinyBert.gaussian(random, 0.1f, 8));
    hf.put("lm_head.bias", ours.get("cls.predictions.bias"));
    hf.put("lm_head.dense.weight", ours.get("cls.predictions.transform.dense.weight"));
    hf.put("lm_head.dense.bias", ours.get("cls.predictions.transform.dense.bias"));
    hf.put("lm_head.layer_norm.weight", ours.get("cls.predictions.transform.LayerNorm.weight"));
    hf.put("lm_head.layer_norm.bias", ours.get("cls.predictions.transform.LayerNorm.bias"));
    hf.put("lm_head.decoder.weight", ours.get("bert.embeddings.word_embeddings.weight"));
    hf.put("lm_head.decoder.bias", ours.get("cls.predictions.bias"));
    writeSafetensors(dir.resolve("model.safetensors"), hf);
    writeConfig(dir, config);

    ImportedModel imported = HfCheckpointImporter.importDirectory(dir);
    for (String name : ours.names()) {
      assertTrue(ours.get(name).bitEquals(imported.tensors().require(name)), name);
    }
    assertEquals(ours.size(), imported.tensors().size());
    assertEquals("xlm-roberta", imported.config().modelType());
    assertEquals(2, imported.config().positionOffset());
    assertEquals(
        Set.of(
            "roberta.pooler.dense.weight",
            "roberta.pooler.dense.bias",
            "lm_head.decoder.weight",
            "lm_head.decoder.bias"),
        Set.copyOf(imported.dropped()));
  }

  @Test
  void shardedCheckpoint(@TempDir Path dir) throws IOException {
    ModelConfig config = TinyBert.config();
    StateDict ours = TinyBert.stateDict(config, 14);
    StateDict hf = asBertForMaskedLm(ours, "bert.", false);
    writeSafetensors(
        dir.resolve("model-00001-of-00002.safetensors"),
        hf.filter(n -> n.contains("layer.0.") || n.startsWith("cls.")));
    writeSafetensors(
        dir.resolve("model-00002-of-00002.safetensors"),
        hf.filter(n -> !(n.contains("layer.0.") || n.startsWith("cls."))));
    ObjectNode index = new ObjectMapper().createObjectNode();
    ObjectNode map = index.putObject("weight_map");
    for (String name : hf.names()) {
      map.put(
          name,
          name.contains("layer.0.") || name.startsWith("cls.")
              ? "model-00001-of-00002.safetensors"
              : "model-00002-of-00002.safetensors");
    }
    Files.writeString(dir.resolve("model.safetensors.index.json"), index.toString());
    writeConfig(dir, config);
    ImportedModel imported = HfCheckpointImporter.importDirectory(dir);
    assertEquals(ours.size(), imported.tensors().size());
    for (String name : ours.names()) {
      assertTrue(ours.get(name).bitEquals(imported.tensors().require(name)), name);
    }
  }

  @Test
  void shapeDisagreeingWithConfigIsRefused(@TempDir Path dir) throws IOException {
    ModelConfig config = TinyBert.config();
    StateDict hf = asBertForMaskedLm(TinyBert.stateDict(config, 15), "bert.", false);
    writeSafetensors(dir.resolve("model.safetensors"), hf);
    writeConfig(dir, config.with("intermediate_size", 32));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> HfCheckpointImporter.importDirectory(dir));
    assertEquals(
        dir
            + ": tensor bert.encoder.layer.0.intermediate.dense.weight has shape [16, 8] but the"
            + " config implies [32, 8]",
        e.getMessage());
  }

  @Test
  void missingTensorIsNamed(@TempDir Path dir) throws IOException {
    ModelConfig config = TinyBert.config();
    StateDict hf =
        asBertForMaskedLm(TinyBert.stateDict(config, 16), "bert.", false)
            .filter(n -> !n.equals("bert.encoder.layer.1.attention.self.key.bias"));
    writeSafetensors(dir.resolve("model.safetensors"), hf);
    writeConfig(dir, config);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> HfCheckpointImporter.importDirectory(dir));
    assertEquals(
        dir + ": tensor bert.encoder.layer.1.attention.self.key.bias is missing", e.getMessage());
  }

  @Test
  void untiedDecoderAndPickleOnlyAreRefused(@TempDir Path dir) throws IOException {
    writeConfig(dir, TinyBert.config().with("tie_word_embeddings", "false"));
    Files.writeString(dir.resolve("pytorch_model.bin"), "pickle");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> HfCheckpointImporter.importDirectory(dir));
    assertTrue(e.getMessage().contains("pytorch_model.bin"), e.getMessage());
    writeSafetensors(
        dir.resolve("model.safetensors"), new StateDict().put("x", Tensor.of(new float[1], 1)));
    e =
        assertThrows(
            IllegalArgumentException.class, () -> HfCheckpointImporter.importDirectory(dir));
    assertTrue(e.getMessage().contains("tie_word_embeddings is false"), e.getMessage());
  }

  @Test
  void nameMappingTable() {
    assertEquals(
        "bert.encoder.layer.3.attention.output.LayerNorm.weight",
        HfNames.map("roberta.encoder.layer.3.attention.output.LayerNorm.gamma"));
    assertEquals(
        "cls.predictions.transform.LayerNorm.bias", HfNames.map("lm_head.layer_norm.bias"));
    assertEquals(
        "cls.predictions.transform.LayerNorm.bias",
        HfNames.map("cls.predictions.transform.LayerNorm.beta"));
    assertEquals("classifier.weight", HfNames.map("classifier.weight"));
    for (String dropped :
        List.of(
            "bert.pooler.dense.weight",
            "cls.seq_relationship.bias",
            "lm_head.decoder.weight",
            "something.else")) {
      assertEquals(null, HfNames.map(dropped), dropped);
    }
  }
}

package dev.primer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.primer.UserError;
import dev.primer.io.ResourceIO;
import dev.primer.learn.CheckpointLoader;
import dev.primer.learn.CheckpointSaver;
import dev.primer.learn.LoadOptions;
import dev.primer.learn.checkpoint.CheckpointConfig;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.peft.AdapterActivation;
import dev.primer.learn.peft.LoraTarget;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.peft.PeftMethod;
import dev.primer.learn.weights.ImportedModel;
import dev.primer.learn.weights.ModelConfig;
import dev.primer.learn.weights.SafetensorsHeader;
import dev.primer.learn.weights.StateDict;
import dev.primer.vocab.HfSubwordTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export to the AdapterHub / PEFT / transformers layouts and import back: key names and config
 * fields as the libraries document them, bit-exact round trips for every method, and clear refusals
 * where a format cannot hold primer's function.
 */
class ModelExportTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path tmp;

  static NDManager manager;
  static ExportFixtures.Saved base;
  static int vocab;

  @BeforeAll
  static void setUp() throws IOException {
    manager = NDManager.newBaseManager();
    try (HfSubwordTokenizer t = HfSubwordTokenizer.load(ExportFixtures.TOKENIZER)) {
      vocab = t.vocabSize();
    }
    base = ExportFixtures.base(manager, ExportFixtures.config(vocab), tmp.resolve("base-ckpt"));
  }

  @AfterAll
  static void tearDown() {
    manager.close();
  }

  static PeftConfig peft(PeftMethod method) {
    return switch (method) {
      case HOULSBY -> PeftConfig.builder(method).setReductionFactor(8).build();
      case PFEIFFER ->
          PeftConfig.builder(method)
              .setReductionFactor(4)
              .setAdapterActivation(AdapterActivation.SILU)
              .build();
      case LORA -> PeftConfig.builder(method).setLoraRank(4).setLoraAlpha(8).build();
      default -> PeftConfig.builder(method).build();
    };
  }

  static ExportFixtures.Saved tagger(String name, PeftConfig peft) throws IOException {
    return ExportFixtures.tagger(manager, base, peft, tmp.resolve(name + "-ckpt"), 5);
  }

  static ModelExporter.Result export(ExportFixtures.Saved saved, ExportFormat format, String name)
      throws IOException {
    ExportSource source =
        ExportSource.read(
            saved.dir().toString(),
            ResourceIO.file(ExportFixtures.TOKENIZER.toAbsolutePath().toString()));
    return ModelExporter.export(source, format, ExportFixtures.dir(tmp.resolve(name)));
  }

  static JsonNode json(Path file) throws IOException {
    return JSON.readTree(file.toFile());
  }

  static Set<String> keys(Path safetensors) throws IOException {
    try (InputStream in = Files.newInputStream(safetensors)) {
      Set<String> names = new TreeSet<>();
      SafetensorsHeader.read(in, safetensors.toString())
          .entries()
          .forEach(e -> names.add(e.name()));
      return names;
    }
  }

  /** Same names and bit-identical tensors (order aside). */
  static void assertBitEqual(StateDict expected, StateDict actual) {
    assertEquals(new TreeSet<>(expected.names()), new TreeSet<>(actual.names()));
    for (String name : expected.names()) {
      assertTrue(expected.get(name).bitEquals(actual.get(name)), "tensor " + name + " differs");
    }
  }

  // ------------------------------------------------------------------ round trips

  @Test
  void everyMethodRoundTripsBitExactThroughItsFormat() throws IOException {
    Object[][] cases = {
      {PeftMethod.FULL, ExportFormat.TRANSFORMERS},
      {PeftMethod.BITFIT, ExportFormat.TRANSFORMERS},
      {PeftMethod.HOULSBY, ExportFormat.ADAPTERS},
      {PeftMethod.HOULSBY, ExportFormat.TRANSFORMERS},
      {PeftMethod.PFEIFFER, ExportFormat.ADAPTERS},
      {PeftMethod.LORA, ExportFormat.PEFT},
    };
    for (Object[] c : cases) {
      PeftMethod method = (PeftMethod) c[0];
      ExportFormat format = (ExportFormat) c[1];
      String name = "rt-" + method.jsonName() + "-" + format.optionName();
      ExportFixtures.Saved saved = tagger(name, peft(method));
      export(saved, format, name);
      ImportedModel imported = ExportedModels.read(ExportFixtures.dir(tmp.resolve(name)));
      assertBitEqual(saved.tensors(), imported.tensors());
      if (Files.isDirectory(tmp.resolve(name).resolve(ModelExporter.ADAPTER_DIR))) {
        // the adapter directory alone finds its base beside it
        ImportedModel fromAdapter =
            ExportedModels.read(ExportFixtures.dir(tmp.resolve(name).resolve("adapter")));
        assertBitEqual(saved.tensors(), fromAdapter.tensors());
        assertEquals(
            ExportFixtures.LABELS,
            CheckpointConfig.split(fromAdapter.config(), name).labels(),
            name + " (adapter directory)");
      }
      CheckpointConfig config = CheckpointConfig.split(imported.config(), name);
      assertEquals(ExportFixtures.LABELS, config.labels(), name);
      PeftConfig back =
          config.peft() == null ? PeftConfig.full() : PeftConfig.fromJson(config.peft().toString());
      PeftConfig expected =
          method == PeftMethod.FULL || method == PeftMethod.BITFIT
              ? PeftConfig.full()
              : saved.model().peft();
      assertEquals(expected, back, name);
      config
          .model()
          .requireSameArchitecture(ModelConfig.of(saved.model().config()), "import", "model");
      // The import builds a working model: the same logits as the original.
      EncoderModel rebuilt =
          CheckpointLoader.fromImported(imported, manager, LoadOptions.defaults());
      int[][] rows = {{2, 10, 11, 12, 3}};
      float[][][] a = ExportFixtures.logits(saved.model(), rows);
      float[][][] b = ExportFixtures.logits(rebuilt, rows);
      for (int t = 0; t < rows[0].length; t++) {
        for (int l = 0; l < a[0][t].length; l++) {
          assertEquals(a[0][t][l], b[0][t][l], 0f, name);
        }
      }
    }
  }

  @Test
  void loraMergedIntoTransformersComputesTheSameLogits() throws IOException {
    ExportFixtures.Saved saved = tagger("lora-merge", loraWide());
    ModelExporter.Result r = export(saved, ExportFormat.TRANSFORMERS, "lora-merged");
    assertEquals(ModelExporter.LAYOUT_MODEL, r.layout());
    ImportedModel imported = ExportedModels.read(r.directory());
    assertFalse(imported.tensors().names().stream().anyMatch(n -> n.contains("lora_")));
    // the merge changed the adapted matrices and only those
    assertFalse(
        imported
            .tensors()
            .get("bert.encoder.layer.1.output.dense.weight")
            .bitEquals(base.tensors().get("bert.encoder.layer.1.output.dense.weight")));
    assertTrue(
        imported
            .tensors()
            .get("bert.encoder.layer.1.attention.self.key.weight")
            .bitEquals(base.tensors().get("bert.encoder.layer.1.attention.self.key.weight")));
    EncoderModel merged = CheckpointLoader.fromImported(imported, manager, LoadOptions.defaults());
    int[][] rows = {{2, 10, 11, 12, 13, 3}};
    float[][][] a = ExportFixtures.logits(saved.model(), rows);
    float[][][] b = ExportFixtures.logits(merged, rows);
    double max = 0;
    for (int t = 0; t < rows[0].length; t++) {
      for (int l = 0; l < a[0][t].length; l++) {
        max = Math.max(max, Math.abs(a[0][t][l] - b[0][t][l]));
      }
    }
    assertTrue(max < 1e-4, "merged LoRA logits differ by " + max);
  }

  static PeftConfig loraWide() {
    return PeftConfig.builder(PeftMethod.LORA)
        .setLoraRank(4)
        .setLoraAlpha(12)
        .setLoraTargets(
            EnumSet.of(
                LoraTarget.QUERY, LoraTarget.VALUE, LoraTarget.ATTENTION_OUTPUT, LoraTarget.OUTPUT))
        .build();
  }

  // ------------------------------------------------------------------ documented layouts

  /**
   * AdapterHub {@code adapters}: file names from utils.py ({@code CONFIG_NAME =
   * "adapter_config.json"}, {@code SAFE_WEIGHTS_NAME = "adapter.safetensors"}, {@code
   * HEAD_CONFIG_NAME = "head_config.json"}, {@code SAFE_HEAD_WEIGHTS_NAME =
   * "model_head.safetensors"}); config keys from configuration/adapter_config.py ({@code BnConfig},
   * presets {@code DoubleSeqBnConfig} = "double_seq_bn" (Houlsby) and {@code SeqBnConfig} =
   * "seq_bn" (Pfeiffer)); tensor names from methods/modeling.py {@code Adapter} ({@code
   * adapter_down = nn.Sequential(Linear, activation)}, {@code adapter_up = Linear}) inside {@code
   * BertAdapterModel} ({@code bert.encoder.layer.I.output.adapters.NAME}, {@code
   * ...attention.output.adapters.NAME}); the head from heads/base.py {@code TaggingHead} ({@code
   * head_type "tagging"}, Dropout then Linear: {@code heads.NAME.1.weight}).
   */
  @Test
  void adaptersLayoutHasTheLibrarysFileNamesConfigKeysAndTensorNames() throws IOException {
    ExportFixtures.Saved houlsby = tagger("names-houlsby", peft(PeftMethod.HOULSBY));
    export(houlsby, ExportFormat.ADAPTERS, "names-houlsby");
    Path dir = tmp.resolve("names-houlsby");
    Path adapter = dir.resolve("adapter");
    JsonNode file = json(adapter.resolve("adapter_config.json"));
    for (String key :
        List.of("config", "hidden_size", "model_class", "model_name", "model_type", "name")) {
      assertTrue(file.has(key), "adapter_config.json lacks " + key);
    }
    assertEquals("ner", file.get("name").asText());
    assertEquals("bert", file.get("model_type").asText());
    assertEquals(32, file.get("hidden_size").asInt());
    JsonNode c = file.get("config");
    assertTrue(c.get("mh_adapter").asBoolean());
    assertTrue(c.get("output_adapter").asBoolean());
    assertEquals(8, c.get("reduction_factor").asInt());
    assertEquals("relu", c.get("non_linearity").asText());
    assertFalse(c.get("original_ln_before").asBoolean());
    assertTrue(c.get("original_ln_after").asBoolean());
    assertTrue(c.get("residual_before_ln").asBoolean());
    assertFalse(c.get("ln_before").asBoolean());
    assertFalse(c.get("ln_after").asBoolean());
    assertEquals("bert", c.get("init_weights").asText());
    assertFalse(c.get("is_parallel").asBoolean());
    assertEquals(1.0, c.get("scaling").asDouble());
    Set<String> expected = new TreeSet<>();
    for (int i = 0; i < 2; i++) {
      for (String where : List.of("output", "attention.output")) {
        String p = "bert.encoder.layer." + i + "." + where + ".adapters.ner.";
        expected.addAll(
            List.of(
                p + "adapter_down.0.weight",
                p + "adapter_down.0.bias",
                p + "adapter_up.weight",
                p + "adapter_up.bias"));
      }
    }
    assertEquals(expected, keys(adapter.resolve("adapter.safetensors")));
    assertEquals(
        Set.of("heads.ner.1.weight", "heads.ner.1.bias"),
        keys(adapter.resolve("model_head.safetensors")));
    JsonNode head = json(adapter.resolve("head_config.json"));
    assertEquals("tagging", head.at("/config/head_type").asText());
    assertEquals(7, head.at("/config/num_labels").asInt());
    assertEquals(1, head.at("/config/layers").asInt());
    assertEquals(3, head.at("/config/label2id/B-ORG").asInt());
    // the base, a BertModel, with its sha256 recorded
    JsonNode description = json(dir.resolve(ModelExporter.EXPORT_FILE));
    assertEquals(
        ResourceIO.sha256(Files.readAllBytes(dir.resolve("base/model.safetensors"))),
        description.at("/base_model/model_safetensors_sha256").asText());
    assertEquals(
        houlsby.dir().getParent().resolve("base-ckpt").toString(),
        description.at("/base_model/primer_checkpoint").asText());
    assertEquals(
        "BertModel", json(dir.resolve("base/config.json")).at("/architectures/0").asText());
    assertTrue(Files.isRegularFile(dir.resolve("base/tokenizer.json")));

    ExportFixtures.Saved pfeiffer = tagger("names-pfeiffer", peft(PeftMethod.PFEIFFER));
    ModelExporter.Result r = export(pfeiffer, ExportFormat.ADAPTERS, "names-pfeiffer");
    JsonNode pc = json(tmp.resolve("names-pfeiffer/adapter/adapter_config.json")).get("config");
    assertFalse(pc.get("mh_adapter").asBoolean());
    assertTrue(pc.get("output_adapter").asBoolean());
    assertEquals("swish", pc.get("non_linearity").asText());
    assertFalse(pc.get("original_ln_before").asBoolean(), "primer's placement, not seq_bn's");
    assertTrue(
        String.join(" ", r.notes()).contains("original_ln_before false (preset: true)"),
        r.notes().toString());
    assertTrue(
        keys(tmp.resolve("names-pfeiffer/adapter/adapter.safetensors")).stream()
            .noneMatch(k -> k.contains("attention")));
  }

  /**
   * PEFT: {@code adapter_config.json} fields of {@code LoraConfig} (tuners/lora/config.py: {@code
   * peft_type}, {@code task_type}, {@code r}, {@code lora_alpha}, {@code target_modules}, {@code
   * lora_dropout}, {@code modules_to_save}, {@code base_model_name_or_path}); weights in {@code
   * adapter_model.safetensors} under {@code base_model.model.} with the adapter name stripped
   * (docs/source/developer_guides/checkpoint.md: {@code
   * base_model.model.encoder.layer.0.attention.self.query.lora_A.weight} for a BertModel).
   */
  @Test
  void peftLayoutHasTheLibrarysConfigFieldsAndTensorNames() throws IOException {
    ExportFixtures.Saved lora = tagger("names-lora", peft(PeftMethod.LORA));
    export(lora, ExportFormat.PEFT, "names-lora");
    Path dir = tmp.resolve("names-lora");
    JsonNode c = json(dir.resolve("adapter/adapter_config.json"));
    assertEquals("LORA", c.get("peft_type").asText());
    assertEquals("TOKEN_CLS", c.get("task_type").asText());
    assertEquals(4, c.get("r").asInt());
    assertEquals(8, c.get("lora_alpha").asInt());
    assertEquals(0.0, c.get("lora_dropout").asDouble());
    assertEquals(List.of("query", "value"), JSON.convertValue(c.get("target_modules"), List.class));
    assertEquals(List.of("classifier"), JSON.convertValue(c.get("modules_to_save"), List.class));
    assertEquals("none", c.get("bias").asText());
    assertEquals(
        ExportFixtures.dir(dir.resolve("base")).toString(),
        c.get("base_model_name_or_path").asText());
    Set<String> expected = new TreeSet<>();
    for (int i = 0; i < 2; i++) {
      for (String m : List.of("query", "value")) {
        String p = "base_model.model.bert.encoder.layer." + i + ".attention.self." + m;
        expected.add(p + ".lora_A.weight");
        expected.add(p + ".lora_B.weight");
      }
    }
    expected.add("base_model.model.classifier.weight");
    expected.add("base_model.model.classifier.bias");
    assertEquals(expected, keys(dir.resolve("adapter/adapter_model.safetensors")));

    // targets that a suffix list cannot single out become a regex PEFT matches in full
    ExportFixtures.Saved wide = tagger("names-lora-wide", loraWide());
    export(wide, ExportFormat.PEFT, "names-lora-wide");
    JsonNode w = json(tmp.resolve("names-lora-wide/adapter/adapter_config.json"));
    assertTrue(w.get("target_modules").isTextual());
    assertEquals(
        EnumSet.of(
            LoraTarget.QUERY, LoraTarget.VALUE, LoraTarget.ATTENTION_OUTPUT, LoraTarget.OUTPUT),
        PeftFormat.loraTargets(w.get("target_modules"), "test"));
    assertEquals(
        EnumSet.of(
            LoraTarget.QUERY, LoraTarget.VALUE, LoraTarget.ATTENTION_OUTPUT, LoraTarget.OUTPUT),
        PeftFormat.loraTargets(JSON.readTree("[\"query\", \"value\", \"output.dense\"]"), "test"),
        "control: PEFT's suffix rule takes output.dense for both dense layers");
  }

  /**
   * transformers: {@code BertForTokenClassification} (models/bert/modeling_bert.py) state-dict
   * names and {@code config.json} with {@code id2label}/{@code label2id}; tokenizer files of {@code
   * PreTrainedTokenizerFast.save_pretrained}.
   */
  @Test
  void transformersLayoutHasBertForTokenClassificationNames() throws IOException {
    ExportFixtures.Saved full = tagger("names-full", peft(PeftMethod.FULL));
    export(full, ExportFormat.TRANSFORMERS, "names-full");
    Path dir = tmp.resolve("names-full");
    JsonNode config = json(dir.resolve("config.json"));
    assertEquals("BertForTokenClassification", config.at("/architectures/0").asText());
    assertEquals("B-PER", config.at("/id2label/1").asText());
    assertEquals(6, config.at("/label2id/I-LOC").asInt());
    assertEquals("bert", config.get("model_type").asText());
    assertFalse(config.has("peft"));
    Set<String> names = keys(dir.resolve("model.safetensors"));
    for (String n :
        List.of(
            "bert.embeddings.word_embeddings.weight",
            "bert.embeddings.position_embeddings.weight",
            "bert.embeddings.token_type_embeddings.weight",
            "bert.embeddings.LayerNorm.weight",
            "bert.encoder.layer.0.attention.self.query.weight",
            "bert.encoder.layer.0.attention.self.key.bias",
            "bert.encoder.layer.0.attention.self.value.weight",
            "bert.encoder.layer.0.attention.output.dense.weight",
            "bert.encoder.layer.0.attention.output.LayerNorm.bias",
            "bert.encoder.layer.1.intermediate.dense.weight",
            "bert.encoder.layer.1.output.dense.weight",
            "bert.encoder.layer.1.output.LayerNorm.weight",
            "classifier.weight",
            "classifier.bias")) {
      assertTrue(names.contains(n), "model.safetensors lacks " + n);
    }
    for (String f : List.of("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json")) {
      assertTrue(Files.isRegularFile(dir.resolve(f)), f);
    }
    assertEquals("[MASK]", json(dir.resolve("special_tokens_map.json")).get("mask_token").asText());
    try (InputStream in = Files.newInputStream(dir.resolve("model.safetensors"))) {
      assertEquals("pt", SafetensorsHeader.read(in, "x").metadata().get("format"));
    }

    // a base checkpoint (with its MLM head) becomes a BertForMaskedLM
    ExportSource source =
        ExportSource.read(
            base.dir().toString(),
            ResourceIO.file(ExportFixtures.TOKENIZER.toAbsolutePath().toString()));
    ModelExporter.export(
        source, ExportFormat.TRANSFORMERS, ExportFixtures.dir(tmp.resolve("names-base")));
    assertEquals(
        "BertForMaskedLM",
        json(tmp.resolve("names-base/config.json")).at("/architectures/0").asText());
    ImportedModel back = ExportedModels.read(ExportFixtures.dir(tmp.resolve("names-base")));
    assertBitEqual(base.tensors(), back.tensors());
  }

  @Test
  void aPrimedBaseWithAdaptersExportsAsItsEncoderAndSaysSo() throws IOException {
    EncoderModel primed =
        EncoderModel.builder()
            .setConfig(ExportFixtures.config(vocab))
            .optPeft(peft(PeftMethod.HOULSBY))
            .optMaskedLm()
            .build();
    primed.initialize(manager, DataType.FLOAT32);
    ExportFixtures.randomize(primed, n -> true, 21);
    Path dir = tmp.resolve("primed-ckpt");
    CheckpointSaver.saveFull(
        primed,
        new dev.primer.learn.checkpoint.LocalCheckpointStore(dir),
        dev.primer.learn.checkpoint.CheckpointKind.BASE,
        List.of(),
        java.util.Map.of());
    ExportSource source =
        ExportSource.read(
            dir.toString(), ResourceIO.file(ExportFixtures.TOKENIZER.toAbsolutePath().toString()));
    ModelExporter.Result r =
        ModelExporter.export(
            source, ExportFormat.TRANSFORMERS, ExportFixtures.dir(tmp.resolve("primed")));
    assertEquals(ModelExporter.LAYOUT_MODEL, r.layout());
    assertTrue(
        String.join(" ", r.notes()).contains("left out 16 PEFT tensors"), r.notes().toString());
    StateDict encoder =
        CheckpointSaver.stateDict(primed)
            .filter(n -> !dev.primer.learn.weights.PeftNames.isPeft(n));
    assertBitEqual(encoder, ExportedModels.read(r.directory()).tensors());
    UserError e =
        assertThrows(
            UserError.class,
            () ->
                ModelExporter.export(
                    source, ExportFormat.ADAPTERS, ExportFixtures.dir(tmp.resolve("primed-a"))));
    assertTrue(e.getMessage().contains("no token classifier"), e.getMessage());
  }

  // ------------------------------------------------------------------ refusals

  @Test
  void formatsThatCannotHoldTheModelAreRefusedWithTheFormatThatCan() throws IOException {
    ExportFixtures.Saved full = tagger("refuse-full", peft(PeftMethod.FULL));
    UserError e = assertThrows(UserError.class, () -> export(full, ExportFormat.ADAPTERS, "r1"));
    assertTrue(e.getMessage().contains("use --format=transformers"), e.getMessage());
    ExportFixtures.Saved houlsby = tagger("refuse-houlsby", peft(PeftMethod.HOULSBY));
    e = assertThrows(UserError.class, () -> export(houlsby, ExportFormat.PEFT, "r2"));
    assertTrue(e.getMessage().contains("PEFT has no bottleneck adapters"), e.getMessage());
    ExportFixtures.Saved lora = tagger("refuse-lora", peft(PeftMethod.LORA));
    e = assertThrows(UserError.class, () -> export(lora, ExportFormat.ADAPTERS, "r3"));
    assertTrue(e.getMessage().contains("--format=peft"), e.getMessage());
    ExportFixtures.Saved bitfit = tagger("refuse-bitfit", peft(PeftMethod.BITFIT));
    e = assertThrows(UserError.class, () -> export(bitfit, ExportFormat.PEFT, "r4"));
    assertTrue(e.getMessage().contains("--format=transformers"), e.getMessage());
    ExportFixtures.Saved prefix = tagger("refuse-prefix", peft(PeftMethod.PREFIX));
    for (ExportFormat f : ExportFormat.values()) {
      e = assertThrows(UserError.class, () -> export(prefix, f, "r5"));
      assertTrue(e.getMessage().contains("position"), e.getMessage());
    }
    ExportFixtures.Saved noResidual =
        tagger(
            "refuse-noresidual",
            PeftConfig.builder(PeftMethod.HOULSBY).setAdapterResidual(false).build());
    e = assertThrows(UserError.class, () -> export(noResidual, ExportFormat.ADAPTERS, "r6"));
    assertTrue(e.getMessage().contains("residual"), e.getMessage());
    for (String refused : List.of("r1", "r2", "r3", "r4", "r5", "r6")) {
      assertFalse(Files.exists(tmp.resolve(refused)), refused + " was written");
    }
  }

  @Test
  void anAdapterOnAnotherBaseIsRefused() throws IOException {
    ExportFixtures.Saved houlsby = tagger("tamper", peft(PeftMethod.HOULSBY));
    export(houlsby, ExportFormat.ADAPTERS, "tamper");
    Path dir = tmp.resolve("tamper");
    assertNotNull(
        ExportedModels.read(ExportFixtures.dir(dir)), "control: the untouched export reads");
    Path weights = dir.resolve("base/model.safetensors");
    byte[] bytes = Files.readAllBytes(weights);
    bytes[bytes.length - 1] ^= 1;
    Files.write(weights, bytes);
    UserError e = assertThrows(UserError.class, () -> ExportedModels.read(ExportFixtures.dir(dir)));
    assertTrue(e.getMessage().contains("another base"), e.getMessage());
  }

  @Test
  void anAdapterConfigPrimerCannotComputeIsRefusedOnImport() throws IOException {
    ExportFixtures.Saved pfeiffer = tagger("seqbn", peft(PeftMethod.PFEIFFER));
    export(pfeiffer, ExportFormat.ADAPTERS, "seqbn");
    Path config = tmp.resolve("seqbn/adapter/adapter_config.json");
    assertNotNull(ExportedModels.read(ExportFixtures.dir(tmp.resolve("seqbn"))), "control");
    String text = Files.readString(config);
    Files.writeString(
        config, text.replace("\"original_ln_before\" : false", "\"original_ln_before\" : true"));
    UserError e =
        assertThrows(
            UserError.class, () -> ExportedModels.read(ExportFixtures.dir(tmp.resolve("seqbn"))));
    assertTrue(e.getMessage().contains("original_ln_before"), e.getMessage());
  }
}

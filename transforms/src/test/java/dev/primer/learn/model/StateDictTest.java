package dev.primer.learn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.primer.learn.peft.LoraTarget;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.peft.PeftMethod;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateDictTest {

  private static EncoderConfig oneLayer() {
    return EncoderConfig.builder()
        .setVocabSize(30)
        .setHiddenSize(16)
        .setNumLayers(1)
        .setNumHeads(2)
        .setIntermediateSize(24)
        .setMaxPositions(20)
        .build();
  }

  @Test
  void namesAndShapesFollowHuggingFaceBert() {
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel model =
          EncoderModel.builder().setConfig(oneLayer()).optTokenClassifier(7).optMaskedLm().build();
      model.initialize(manager, DataType.FLOAT32);
      Map<String, Shape> expected = new LinkedHashMap<>();
      String l = "bert.encoder.layer.0.";
      expected.put("bert.embeddings.word_embeddings.weight", new Shape(30, 16));
      expected.put("bert.embeddings.position_embeddings.weight", new Shape(20, 16));
      expected.put("bert.embeddings.token_type_embeddings.weight", new Shape(2, 16));
      expected.put("bert.embeddings.LayerNorm.weight", new Shape(16));
      expected.put("bert.embeddings.LayerNorm.bias", new Shape(16));
      for (String m : new String[] {"query", "key", "value"}) {
        expected.put(l + "attention.self." + m + ".weight", new Shape(16, 16));
      }
      for (String m : new String[] {"query", "key", "value"}) {
        expected.put(l + "attention.self." + m + ".bias", new Shape(16));
      }
      expected.put(l + "attention.output.dense.weight", new Shape(16, 16));
      expected.put(l + "attention.output.dense.bias", new Shape(16));
      expected.put(l + "attention.output.LayerNorm.weight", new Shape(16));
      expected.put(l + "attention.output.LayerNorm.bias", new Shape(16));
      expected.put(l + "intermediate.dense.weight", new Shape(24, 16));
      expected.put(l + "intermediate.dense.bias", new Shape(24));
      expected.put(l + "output.dense.weight", new Shape(16, 24));
      expected.put(l + "output.dense.bias", new Shape(16));
      expected.put(l + "output.LayerNorm.weight", new Shape(16));
      expected.put(l + "output.LayerNorm.bias", new Shape(16));
      expected.put("cls.predictions.transform.dense.weight", new Shape(16, 16));
      expected.put("cls.predictions.transform.dense.bias", new Shape(16));
      expected.put("cls.predictions.transform.LayerNorm.weight", new Shape(16));
      expected.put("cls.predictions.transform.LayerNorm.bias", new Shape(16));
      expected.put("cls.predictions.bias", new Shape(30));
      expected.put("classifier.weight", new Shape(7, 16));
      expected.put("classifier.bias", new Shape(7));
      assertEquals(expected, StateDicts.shapes(model));
    }
  }

  @Test
  void peftTensorsAreNamedUnderTheirModule() {
    String l = "bert.encoder.layer.0.";
    assertPeftNames(
        PeftConfig.builder(PeftMethod.HOULSBY).setReductionFactor(4).build(),
        Map.of(
            l + "attention.output.adapter.down.weight", new Shape(4, 16),
            l + "attention.output.adapter.down.bias", new Shape(4),
            l + "attention.output.adapter.up.weight", new Shape(16, 4),
            l + "attention.output.adapter.up.bias", new Shape(16),
            l + "output.adapter.down.weight", new Shape(4, 16),
            l + "output.adapter.up.bias", new Shape(16)),
        8);
    assertPeftNames(
        PeftConfig.builder(PeftMethod.PFEIFFER).setReductionFactor(4).build(),
        Map.of(l + "output.adapter.down.weight", new Shape(4, 16)),
        4);
    assertPeftNames(
        PeftConfig.builder(PeftMethod.LORA)
            .setLoraRank(3)
            .setLoraTargets(EnumSet.of(LoraTarget.QUERY, LoraTarget.INTERMEDIATE))
            .build(),
        Map.of(
            l + "attention.self.query.lora_A.weight", new Shape(3, 16),
            l + "attention.self.query.lora_B.weight", new Shape(16, 3),
            l + "intermediate.dense.lora_A.weight", new Shape(3, 16),
            l + "intermediate.dense.lora_B.weight", new Shape(24, 3)),
        4);
    assertPeftNames(
        PeftConfig.builder(PeftMethod.PREFIX).setPrefixLength(5).build(),
        Map.of("prefix.embedding.weight", new Shape(5, 2 * 1 * 16)),
        1);
    assertPeftNames(
        PeftConfig.builder(PeftMethod.PREFIX)
            .setPrefixLength(5)
            .setPrefixProjection(true)
            .setPrefixHiddenSize(8)
            .build(),
        Map.of(
            "prefix.embedding.weight", new Shape(5, 16),
            "prefix.mlp.0.weight", new Shape(8, 16),
            "prefix.mlp.0.bias", new Shape(8),
            "prefix.mlp.2.weight", new Shape(32, 8),
            "prefix.mlp.2.bias", new Shape(32)),
        5);
  }

  private static void assertPeftNames(PeftConfig peft, Map<String, Shape> someExpected, int count) {
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel model =
          EncoderModel.builder().setConfig(oneLayer()).optPeft(peft).optTokenClassifier(3).build();
      model.initialize(manager, DataType.FLOAT32);
      Map<String, Shape> shapes = StateDicts.shapes(model);
      someExpected.forEach((n, s) -> assertEquals(s, shapes.get(n), n));
      long peftTensors = shapes.keySet().stream().filter(LoadPolicy::isPeftTensor).count();
      assertEquals(count, peftTensors, shapes.keySet().toString());
    }
  }

  @Test
  void exportThenLoadRestoresEveryTensor() {
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel a = EncoderModel.builder().setConfig(oneLayer()).optTokenClassifier(3).build();
      EncoderModel b = EncoderModel.builder().setConfig(oneLayer()).optTokenClassifier(3).build();
      a.initialize(manager, DataType.FLOAT32);
      b.initialize(manager, DataType.FLOAT64);
      Map<String, NDArray> exported = StateDicts.export(a, manager);
      NDArray value = a.parameter("bert.encoder.layer.0.attention.self.value.weight").getArray();
      assertArrayEquals(
          value.toFloatArray(),
          exported.get("bert.encoder.layer.0.attention.self.value.weight").toFloatArray(),
          0f);
      StateDicts.load(b, exported, LoadPolicy.strict());
      Map<String, NDArray> back = StateDicts.export(b, manager);
      for (Map.Entry<String, NDArray> e : exported.entrySet()) {
        NDArray restored = back.get(e.getKey());
        assertEquals(DataType.FLOAT64, restored.getDataType());
        assertArrayEquals(
            e.getValue().toFloatArray(),
            restored.toType(DataType.FLOAT32, false).toFloatArray(),
            0f,
            e.getKey());
      }
      // Export returns copies: changing them leaves the model untouched.
      exported.get("classifier.bias").addi(manager.ones(new Shape(3)));
      assertFalse(
          a.parameter("classifier.bias").getArray().contentEquals(exported.get("classifier.bias")));
    }
  }

  @Test
  void loadRefusesMismatchesNamingTheFirstOffendingTensor() {
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel model =
          EncoderModel.builder().setConfig(oneLayer()).optTokenClassifier(3).build();
      model.initialize(manager, DataType.FLOAT32);
      Map<String, NDArray> good = StateDicts.export(model, manager);
      NDArray before = good.get("classifier.weight").duplicate();

      Map<String, NDArray> missing = new LinkedHashMap<>(good);
      missing.remove("bert.encoder.layer.0.attention.self.key.bias");
      missing.remove("classifier.bias");
      assertMessage(
          model,
          missing,
          LoadPolicy.strict(),
          "missing tensor bert.encoder.layer.0.attention.self.key.bias");

      Map<String, NDArray> extra = new LinkedHashMap<>(good);
      extra.put("bert.pooler.dense.weight", manager.zeros(new Shape(16, 16)));
      assertMessage(
          model, extra, LoadPolicy.strict(), "unexpected tensor bert.pooler.dense.weight");

      Map<String, NDArray> wrong = new LinkedHashMap<>(good);
      wrong.put("bert.encoder.layer.0.intermediate.dense.weight", manager.zeros(new Shape(16, 24)));
      wrong.put("classifier.weight", manager.zeros(new Shape(3, 3)));
      assertMessage(
          model,
          wrong,
          LoadPolicy.strict(),
          "tensor bert.encoder.layer.0.intermediate.dense.weight has shape (16, 24) but the model"
              + " expects (24, 16)");
      // Nothing was written by the refused loads.
      assertTrue(model.parameter("classifier.weight").getArray().contentEquals(before));

      // A pretrained encoder (pooler included, no head) loads into a tagger with adapters.
      EncoderModel adapted =
          EncoderModel.builder()
              .setConfig(oneLayer())
              .optPeft(PeftConfig.builder(PeftMethod.HOULSBY).build())
              .optTokenClassifier(5)
              .build();
      adapted.initialize(manager, DataType.FLOAT32);
      Map<String, NDArray> encoder = new LinkedHashMap<>(extra);
      encoder.remove("classifier.weight");
      encoder.remove("classifier.bias");
      StateDicts.load(adapted, encoder, LoadPolicy.pretrainedEncoder());
      encoder.remove("bert.encoder.layer.0.output.dense.bias");
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> StateDicts.load(adapted, encoder, LoadPolicy.pretrainedEncoder()));
      assertTrue(e.getMessage().contains("output.dense.bias"), e.getMessage());
    }
  }

  private static void assertMessage(
      EncoderModel model, Map<String, NDArray> tensors, LoadPolicy policy, String expected) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> StateDicts.load(model, tensors, policy));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}

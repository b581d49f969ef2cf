package dev.primer.learn.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelDerivationTest {

  private static ImportedModel tiny(ModelConfig config) {
    return new ImportedModel(config, TinyBert.stateDict(config, 31), List.of(), "tiny");
  }

  @Test
  void keepFirstLayerDropsLaterLayersWithTheirPeftTensors() {
    ModelConfig config = TinyBert.config();
    StateDict full = TinyBert.withPeftAndClassifier(TinyBert.stateDict(config, 31), config, 32);
    ImportedModel model = new ImportedModel(config, full, List.of(), "tiny");
    ImportedModel one = ModelDerivation.keepFirstLayers(model, 1);
    assertEquals(1, one.config().numHiddenLayers());
    assertEquals(config.vocabSize(), one.config().vocabSize());
    assertTrue(
        one.tensors().names().stream().noneMatch(n -> n.startsWith("bert.encoder.layer.1.")));
    assertTrue(one.dropped().contains("bert.encoder.layer.1.output.adapter.down.weight"));
    assertTrue(one.dropped().contains("bert.encoder.layer.1.attention.self.query.lora_A.weight"));
    for (String name : one.tensors().names()) {
      assertSame(full.get(name), one.tensors().get(name), name);
    }
    assertEquals(full.size() - one.dropped().size(), one.tensors().size());
    assertTrue(one.tensors().contains("bert.encoder.layer.0.output.adapter.up.bias"));
    assertTrue(one.tensors().contains("classifier.weight"));
    assertEquals("first 1 of 2 layers of tiny", one.source());
  }

  @Test
  void layerCountOutOfRangeOrPrefixIsRefused() {
    ImportedModel model = tiny(TinyBert.config());
    assertThrows(IllegalArgumentException.class, () -> ModelDerivation.keepFirstLayers(model, 0));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ModelDerivation.keepFirstLayers(model, 3));
    assertEquals("Cannot keep 3 layers of a model with 2 layers", e.getMessage());
    StateDict withPrefix =
        model
            .tensors()
            .filter(n -> true)
            .put("prefix.embedding.weight", Tensor.of(new float[4], 2, 2));
    ImportedModel prefixed = new ImportedModel(model.config(), withPrefix, List.of(), "p");
    assertThrows(
        IllegalArgumentException.class, () -> ModelDerivation.keepFirstLayers(prefixed, 1));
  }

  @Test
  void pruneVocabularySlicesEmbeddingRowsAndMlmBias() {
    ImportedModel model = tiny(TinyBert.config());
    VocabMapping mapping = VocabMapping.of(new int[] {0, 7, 3, 49});
    ImportedModel small = ModelDerivation.pruneVocabulary(model, mapping);
    assertEquals(4, small.config().vocabSize());
    assertEquals(0, small.config().padTokenId());
    Tensor oldEmb = model.tensors().get("bert.embeddings.word_embeddings.weight");
    Tensor newEmb = small.tensors().get("bert.embeddings.word_embeddings.weight");
    assertArrayEquals(new long[] {4, 8}, newEmb.shape());
    int[] old = {0, 7, 3, 49};
    for (int i = 0; i < old.length; i++) {
      assertArrayEquals(
          Arrays.copyOfRange(oldEmb.floats(), old[i] * 8, old[i] * 8 + 8),
          Arrays.copyOfRange(newEmb.floats(), i * 8, i * 8 + 8));
      assertEquals(
          model.tensors().get("cls.predictions.bias").floats()[old[i]],
          small.tensors().get("cls.predictions.bias").floats()[i]);
    }
    assertSame(
        model.tensors().get("bert.encoder.layer.0.output.dense.weight"),
        small.tensors().get("bert.encoder.layer.0.output.dense.weight"));
    assertArrayEquals(new long[] {50, 8}, oldEmb.shape(), "input is not modified");
  }

  @Test
  void specialTokenIdsAreRenumbered() {
    ModelConfig xlmr =
        TinyBert.config()
            .with("model_type", "xlm-roberta")
            .with("bos_token_id", 0)
            .with("pad_token_id", 1)
            .with("eos_token_id", 2);
    ImportedModel model = tiny(xlmr);
    ImportedModel small =
        ModelDerivation.pruneVocabulary(model, VocabMapping.of(new int[] {2, 1, 0, 10}));
    assertEquals(2, small.config().intValue("bos_token_id"));
    assertEquals(1, small.config().padTokenId());
    assertEquals(0, small.config().intValue("eos_token_id"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ModelDerivation.pruneVocabulary(model, VocabMapping.of(new int[] {0, 2, 10})));
    assertEquals("Vocab mapping drops pad_token_id 1; keep the special tokens", e.getMessage());
  }

  @Test
  void mappingBeyondTheVocabularyIsRefused() {
    ImportedModel model = tiny(TinyBert.config());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ModelDerivation.pruneVocabulary(model, VocabMapping.of(new int[] {0, 50})));
    assertEquals("Vocab mapping refers to old id 50 but vocab_size is 50", e.getMessage());
  }

  @Test
  void layersAndVocabularyCompose() {
    ImportedModel model = tiny(TinyBert.config());
    ImportedModel small =
        ModelDerivation.pruneVocabulary(
            ModelDerivation.keepFirstLayers(model, 1), VocabMapping.of(new int[] {0, 1, 2}));
    BertParameters.verify(small.tensors(), small.config(), "small");
    assertEquals(BertParameters.withMlmHead(small.config()).keySet(), small.tensors().names());
    assertFalse(small.tensors().contains("bert.encoder.layer.1.output.dense.weight"));
  }
}

package dev.primer.learn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.learn.weights.ModelConfig;
import org.junit.jupiter.api.Test;

class EncoderConfigTest {

  @Test
  void presetsHaveTheDocumentedShapes() {
    EncoderConfig tiny = EncoderConfig.tiny();
    assertEquals(128, tiny.hiddenSize());
    assertEquals(2, tiny.numLayers());
    assertEquals(4, tiny.numHeads());
    assertEquals(512, tiny.intermediateSize());
    assertEquals(EncoderConfig.MBERT_VOCAB_SIZE, tiny.vocabSize());
    EncoderConfig small = EncoderConfig.preset("small");
    assertEquals(256, small.hiddenSize());
    assertEquals(4, small.numLayers());
    assertEquals(1024, small.intermediateSize());
    EncoderConfig base = EncoderConfig.base();
    assertEquals(768, base.hiddenSize());
    assertEquals(12, base.numLayers());
    assertEquals(3072, base.intermediateSize());
    assertEquals(1e-12, base.layerNormEps());
    assertEquals(0, base.positionOffset());
  }

  @Test
  void presetsAreAnOptionEnum() {
    assertEquals(EncoderPreset.SMALL, EncoderPreset.fromOptionName("small"));
    assertEquals("base", EncoderPreset.BASE.optionName());
    assertEquals(EncoderConfig.tiny().hiddenSize(), EncoderPreset.TINY.config().hiddenSize());
    assertEquals(
        "unknown encoder preset 'huge': expected tiny, small or base",
        assertThrows(IllegalArgumentException.class, () -> EncoderConfig.preset("huge"))
            .getMessage());
  }

  @Test
  void jsonRoundTripUsesHuggingFaceKeys() {
    EncoderConfig c =
        EncoderConfig.small().toBuilder().setVocabSize(1000).setHiddenDropout(0.2).build();
    String json = ModelConfig.of(c).toJsonString();
    for (String key :
        new String[] {
          "\"vocab_size\"",
          "\"hidden_size\"",
          "\"num_hidden_layers\"",
          "\"num_attention_heads\"",
          "\"intermediate_size\"",
          "\"max_position_embeddings\"",
          "\"type_vocab_size\"",
          "\"hidden_dropout_prob\"",
          "\"attention_probs_dropout_prob\"",
          "\"layer_norm_eps\"",
          "\"pad_token_id\"",
          "\"model_type\" : \"bert\""
        }) {
      assertTrue(json.contains(key), key + " missing in " + json);
    }
    assertEquals(c, ModelConfig.fromJson(json).encoderConfig());
  }

  @Test
  void parsesAnXlmRobertaConfig() {
    String json =
        "{\"architectures\":[\"XLMRobertaForMaskedLM\"],\"model_type\":\"xlm-roberta\","
            + "\"vocab_size\":250002,\"hidden_size\":768,\"num_hidden_layers\":12,"
            + "\"num_attention_heads\":12,\"intermediate_size\":3072,\"hidden_act\":\"gelu\","
            + "\"max_position_embeddings\":514,\"type_vocab_size\":1,\"layer_norm_eps\":1e-05,"
            + "\"pad_token_id\":1,\"bos_token_id\":0}";
    EncoderConfig c = ModelConfig.fromJson(json).encoderConfig();
    assertEquals(ModelType.XLM_ROBERTA, c.modelType());
    assertEquals(2, c.positionOffset());
    assertEquals(512, c.maxSequenceLength());
    assertEquals(1e-5, c.layerNormEps());
    assertEquals(1, c.typeVocabSize());
    assertEquals(c, ModelConfig.fromJson(ModelConfig.of(c).toJsonString()).encoderConfig());
  }

  @Test
  void refusesBadConfigsWithClearMessages() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> EncoderConfig.builder().setHiddenSize(100).setNumHeads(12).build());
    assertTrue(e.getMessage().contains("not a multiple"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ModelConfig.fromJson("{\"model_type\":\"gpt2\"}").encoderConfig());
    assertTrue(e.getMessage().contains("gpt2"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ModelConfig.fromJson("{\"model_type\":\"bert\",\"hidden_act\":\"relu\"}")
                    .encoderConfig());
    assertTrue(e.getMessage().contains("hidden_act"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ModelConfig.fromJson("not json"));
  }
}

package dev.primer.learn.weights;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names and shapes of a BERT/XLM-R encoder's parameters under our naming contract (HuggingFace
 * BERT names; Linear weights {@code [out, in]}), derived from a {@link ModelConfig}.
 */
public final class BertParameters {

  private BertParameters() {}

  /** Encoder (embeddings and layers) parameters, in HF order. */
  public static Map<String, long[]> encoder(ModelConfig c) {
    long h = c.hiddenSize();
    long f = c.intermediateSize();
    Map<String, long[]> s = new LinkedHashMap<>();
    s.put("bert.embeddings.word_embeddings.weight", new long[] {c.vocabSize(), h});
    s.put("bert.embeddings.position_embeddings.weight", new long[] {c.maxPositionEmbeddings(), h});
    s.put("bert.embeddings.token_type_embeddings.weight", new long[] {c.typeVocabSize(), h});
    s.put("bert.embeddings.LayerNorm.weight", new long[] {h});
    s.put("bert.embeddings.LayerNorm.bias", new long[] {h});
    for (int i = 0; i < c.numHiddenLayers(); i++) {
      String p = "bert.encoder.layer." + i + ".";
      for (String proj : new String[] {"query", "key", "value"}) {
        s.put(p + "attention.self." + proj + ".weight", new long[] {h, h});
        s.put(p + "attention.self." + proj + ".bias", new long[] {h});
      }
      s.put(p + "attention.output.dense.weight", new long[] {h, h});
      s.put(p + "attention.output.dense.bias", new long[] {h});
      s.put(p + "attention.output.LayerNorm.weight", new long[] {h});
      s.put(p + "attention.output.LayerNorm.bias", new long[] {h});
      s.put(p + "intermediate.dense.weight", new long[] {f, h});
      s.put(p + "intermediate.dense.bias", new long[] {f});
      s.put(p + "output.dense.weight", new long[] {h, f});
      s.put(p + "output.dense.bias", new long[] {h});
      s.put(p + "output.LayerNorm.weight", new long[] {h});
      s.put(p + "output.LayerNorm.bias", new long[] {h});
    }
    return s;
  }

  /** Masked-LM head parameters (the decoder is tied to the word embeddings). */
  public static Map<String, long[]> mlmHead(ModelConfig c) {
    long h = c.hiddenSize();
    Map<String, long[]> s = new LinkedHashMap<>();
    s.put("cls.predictions.transform.dense.weight", new long[] {h, h});
    s.put("cls.predictions.transform.dense.bias", new long[] {h});
    s.put("cls.predictions.transform.LayerNorm.weight", new long[] {h});
    s.put("cls.predictions.transform.LayerNorm.bias", new long[] {h});
    s.put("cls.predictions.bias", new long[] {c.vocabSize()});
    return s;
  }

  /** Encoder plus MLM head. */
  public static Map<String, long[]> withMlmHead(ModelConfig c) {
    Map<String, long[]> s = encoder(c);
    s.putAll(mlmHead(c));
    return s;
  }

  /**
   * Fails unless {@code tensors} holds every encoder parameter of {@code config} with its shape,
   * and either all or none of the MLM head; the message names the source, tensor and shapes.
   */
  public static void verify(StateDict tensors, ModelConfig config, String source) {
    check(tensors, encoder(config), source);
    Map<String, long[]> head = mlmHead(config);
    boolean anyHead = head.keySet().stream().anyMatch(tensors::contains);
    if (anyHead) {
      check(tensors, head, source);
    }
  }

  private static void check(StateDict tensors, Map<String, long[]> expected, String source) {
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      Tensor t = tensors.get(e.getKey());
      if (t == null) {
        throw new IllegalArgumentException(source + ": tensor " + e.getKey() + " is missing");
      }
      if (!Arrays.equals(t.shape(), e.getValue())) {
        throw new IllegalArgumentException(
            source
                + ": tensor "
                + e.getKey()
                + " has shape "
                + t.shapeString()
                + " but the config implies "
                + Arrays.toString(e.getValue()));
      }
    }
  }
}

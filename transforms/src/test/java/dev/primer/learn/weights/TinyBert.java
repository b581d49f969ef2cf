package dev.primer.learn.weights;

import java.util.Random;

/** Synthetic BERT state dicts with our (HuggingFace BERT) parameter names, for tests. */
public final class TinyBert {

  private TinyBert() {}

  /** A small config: vocab 50, hidden 8, 2 layers, 2 heads, intermediate 16, 20 positions. */
  public static ModelConfig config() {
    return ModelConfig.bert(50, 8, 2, 2, 16, 20, 2);
  }

  /** Random weights (seeded) for {@code config}, with the MLM head; LayerNorm weights near 1. */
  public static StateDict stateDict(ModelConfig config, long seed) {
    Random random = new Random(seed);
    int v = config.vocabSize();
    int h = config.hiddenSize();
    int f = config.intermediateSize();
    StateDict d = new StateDict();
    d.put("bert.embeddings.word_embeddings.weight", gaussian(random, 0.5f, v, h));
    d.put(
        "bert.embeddings.position_embeddings.weight",
        gaussian(random, 0.5f, config.maxPositionEmbeddings(), h));
    d.put(
        "bert.embeddings.token_type_embeddings.weight",
        gaussian(random, 0.5f, config.typeVocabSize(), h));
    layerNorm(d, "bert.embeddings.LayerNorm", random, h);
    for (int i = 0; i < config.numHiddenLayers(); i++) {
      String p = "bert.encoder.layer." + i + ".";
      linear(d, p + "attention.self.query", random, h, h);
      linear(d, p + "attention.self.key", random, h, h);
      linear(d, p + "attention.self.value", random, h, h);
      linear(d, p + "attention.output.dense", random, h, h);
      layerNorm(d, p + "attention.output.LayerNorm", random, h);
      linear(d, p + "intermediate.dense", random, f, h);
      linear(d, p + "output.dense", random, h, f);
      layerNorm(d, p + "output.LayerNorm", random, h);
    }
    linear(d, "cls.predictions.transform.dense", random, h, h);
    layerNorm(d, "cls.predictions.transform.LayerNorm", random, h);
    d.put("cls.predictions.bias", gaussian(random, 0.1f, v));
    return d;
  }

  /** Adds adapter, LoRA and classifier tensors (as the PEFT model would name them). */
  public static StateDict withPeftAndClassifier(StateDict base, ModelConfig config, long seed) {
    Random random = new Random(seed);
    int h = config.hiddenSize();
    StateDict d = base.filter(n -> true);
    for (int i = 0; i < config.numHiddenLayers(); i++) {
      String p = "bert.encoder.layer." + i + ".";
      linear(d, p + "output.adapter.down", random, 4, h);
      linear(d, p + "output.adapter.up", random, h, 4);
      d.put(p + "attention.self.query.lora_A.weight", gaussian(random, 0.1f, 2, h));
      d.put(p + "attention.self.query.lora_B.weight", gaussian(random, 0.1f, h, 2));
    }
    linear(d, "classifier", random, 7, h);
    return d;
  }

  /** A float tensor of N(0, std^2) values. */
  public static Tensor gaussian(Random random, float std, long... shape) {
    float[] data = new float[(int) Tensor.numel(shape)];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextGaussian() * std;
    }
    return Tensor.of(data, shape);
  }

  private static void linear(StateDict d, String prefix, Random random, int out, int in) {
    d.put(prefix + ".weight", gaussian(random, (float) (1 / Math.sqrt(in)), out, in));
    d.put(prefix + ".bias", gaussian(random, 0.1f, out));
  }

  private static void layerNorm(StateDict d, String prefix, Random random, int h) {
    float[] w = new float[h];
    for (int i = 0; i < h; i++) {
      w[i] = 1f + (float) random.nextGaussian() * 0.1f;
    }
    d.put(prefix + ".weight", Tensor.of(w, h));
    d.put(prefix + ".bias", gaussian(random, 0.1f, h));
  }
}

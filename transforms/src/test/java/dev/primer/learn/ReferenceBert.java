package dev.primer.learn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.LayerNorm;
import dev.primer.learn.weights.ModelConfig;
import dev.primer.learn.weights.StateDict;
import java.util.HashMap;
import java.util.Map;

/**
 * A minimal float32 BERT/XLM-R encoder + MLM head forward written as plain NDArray ops, for
 * validating imported weights in tests only (the project's model lives in {@code
 * dev.primer.learn.model}). Post-LayerNorm, exact (erf) GELU, one unpadded sentence.
 */
final class ReferenceBert implements MaskedLmScorer, AutoCloseable {

  private final ModelConfig config;
  private final NDManager manager;
  private final Map<String, NDArray> w = new HashMap<>();

  ReferenceBert(ModelConfig config, StateDict weights) {
    this.config = config;
    this.manager = NDManager.newBaseManager();
    for (String name : weights.names()) {
      w.put(name, weights.get(name).toNDArray(manager));
    }
  }

  @Override
  public float[][] logitsAt(long[] inputIds, long[] typeIds, int[] positions) {
    try (NDManager scope = manager.newSubManager()) {
      int n = inputIds.length;
      long[] pos = new long[n];
      for (int i = 0; i < n; i++) {
        pos[i] = config.positionOffset() + i;
      }
      NDArray x =
          embed(scope.create(inputIds), "bert.embeddings.word_embeddings.weight")
              .add(embed(scope.create(pos), "bert.embeddings.position_embeddings.weight"))
              .add(embed(scope.create(typeIds), "bert.embeddings.token_type_embeddings.weight"));
      x = layerNorm(x, "bert.embeddings.LayerNorm");
      for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
        x = encoderLayer(x, "bert.encoder.layer." + layer + ".");
      }
      long[] idx = new long[positions.length];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = positions[i];
      }
      NDArray h = embed(scope.create(idx), x);
      h = gelu(linear(h, "cls.predictions.transform.dense"));
      h = layerNorm(h, "cls.predictions.transform.LayerNorm");
      NDArray logits =
          h.matMul(w.get("bert.embeddings.word_embeddings.weight").transpose())
              .add(w.get("cls.predictions.bias"));
      float[] flat = logits.toFloatArray();
      int vocab = (int) logits.getShape().get(1);
      float[][] out = new float[positions.length][vocab];
      for (int i = 0; i < positions.length; i++) {
        System.arraycopy(flat, i * vocab, out[i], 0, vocab);
      }
      return out;
    }
  }

  private NDArray encoderLayer(NDArray x, String p) {
    long n = x.getShape().get(0);
    int heads = config.numAttentionHeads();
    long d = config.hiddenSize() / heads;
    NDArray q = linear(x, p + "attention.self.query").reshape(n, heads, d).transpose(1, 0, 2);
    NDArray k = linear(x, p + "attention.self.key").reshape(n, heads, d).transpose(1, 0, 2);
    NDArray v = linear(x, p + "attention.self.value").reshape(n, heads, d).transpose(1, 0, 2);
    NDArray scores = q.matMul(k.transpose(0, 2, 1)).div(Math.sqrt(d));
    NDArray context =
        scores.softmax(-1).matMul(v).transpose(1, 0, 2).reshape(n, config.hiddenSize());
    NDArray attention = linear(context, p + "attention.output.dense");
    x = layerNorm(x.add(attention), p + "attention.output.LayerNorm");
    NDArray inner = gelu(linear(x, p + "intermediate.dense"));
    return layerNorm(x.add(linear(inner, p + "output.dense")), p + "output.LayerNorm");
  }

  private NDArray linear(NDArray x, String prefix) {
    return x.matMul(w.get(prefix + ".weight").transpose()).add(w.get(prefix + ".bias"));
  }

  private NDArray layerNorm(NDArray x, String prefix) {
    NDList out =
        LayerNorm.layerNorm(
            x,
            new Shape(config.hiddenSize()),
            w.get(prefix + ".weight"),
            w.get(prefix + ".bias"),
            (float) config.layerNormEps());
    return out.singletonOrThrow();
  }

  private static NDArray gelu(NDArray x) {
    return x.mul(x.div(Math.sqrt(2)).erf().add(1)).mul(0.5);
  }

  private NDArray embed(NDArray ids, String table) {
    return embed(ids, w.get(table));
  }

  private static NDArray embed(NDArray ids, NDArray table) {
    return Embedding.embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
  }

  @Override
  public void close() {
    manager.close();
  }
}

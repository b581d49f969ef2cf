package dev.primer.learn.weights;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives a smaller model from pretrained weights: keep the first K encoder layers, and/or prune
 * the vocabulary with a {@link VocabMapping} (slicing the word-embedding rows and the MLM output
 * bias). The config is updated to match; input tensors are not modified.
 */
public final class ModelDerivation {

  private static final Pattern LAYER = Pattern.compile("^bert\\.encoder\\.layer\\.(\\d+)\\.");

  private ModelDerivation() {}

  /**
   * Keeps encoder layers {@code 0..k-1} (with any adapter or LoRA tensors under them).
   *
   * @throws IllegalArgumentException when {@code k} is not in {@code 1..num_hidden_layers}, or when
   *     prefix-tuning tensors (sized by the layer count) are present
   */
  public static ImportedModel keepFirstLayers(ImportedModel model, int k) {
    ModelConfig config = model.config();
    int layers = config.numHiddenLayers();
    if (k < 1 || k > layers) {
      throw new IllegalArgumentException(
          "Cannot keep " + k + " layers of a model with " + layers + " layers");
    }
    StateDict out = new StateDict();
    List<String> dropped = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : model.tensors().asMap().entrySet()) {
      String name = e.getKey();
      if (name.startsWith("prefix.")) {
        throw new IllegalArgumentException(
            "Cannot drop layers of a model with prefix-tuning tensor " + name);
      }
      Matcher m = LAYER.matcher(name);
      if (m.find() && Integer.parseInt(m.group(1)) >= k) {
        dropped.add(name);
      } else {
        out.put(name, e.getValue());
      }
    }
    ModelConfig derived = config.with("num_hidden_layers", k);
    BertParameters.verify(out, derived, "derived model");
    return new ImportedModel(
        derived, out, dropped, "first " + k + " of " + layers + " layers of " + model.source());
  }

  /**
   * Prunes the vocabulary: new word-embedding row {@code i} (and MLM bias entry {@code i}) is old
   * row {@code mapping.oldId(i)}. Special-token ids in the config ({@code *_token_id}) are
   * renumbered; a special token that is not kept is an error.
   */
  public static ImportedModel pruneVocabulary(ImportedModel model, VocabMapping mapping) {
    ModelConfig config = model.config();
    int oldVocab = config.vocabSize();
    if (mapping.maxOldId() >= oldVocab) {
      throw new IllegalArgumentException(
          "Vocab mapping refers to old id "
              + mapping.maxOldId()
              + " but vocab_size is "
              + oldVocab);
    }
    if (mapping.size() == 0) {
      throw new IllegalArgumentException("Vocab mapping keeps no piece");
    }
    StateDict out = new StateDict();
    for (Map.Entry<String, Tensor> e : model.tensors().asMap().entrySet()) {
      String name = e.getKey();
      Tensor t = e.getValue();
      if (name.equals("bert.embeddings.word_embeddings.weight")
          || name.equals("cls.predictions.bias")) {
        out.put(name, gatherRows(t, mapping, name));
      } else {
        out.put(name, t);
      }
    }
    ModelConfig derived = config.with("vocab_size", mapping.size());
    Iterator<Map.Entry<String, JsonNode>> fields = config.toJson().fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      if (f.getKey().endsWith("_token_id") && f.getValue().canConvertToInt()) {
        int newId = mapping.newId(f.getValue().asInt());
        if (newId < 0) {
          throw new IllegalArgumentException(
              "Vocab mapping drops "
                  + f.getKey()
                  + " "
                  + f.getValue().asInt()
                  + "; keep the special tokens");
        }
        derived = derived.with(f.getKey(), newId);
      }
    }
    BertParameters.verify(out, derived, "derived model");
    return new ImportedModel(
        derived,
        out,
        List.of(),
        "vocabulary of " + mapping.size() + " of " + oldVocab + " pieces of " + model.source());
  }

  private static Tensor gatherRows(Tensor t, VocabMapping mapping, String name) {
    long[] shape = t.shape();
    int rows = (int) shape[0];
    int width = shape.length == 1 ? 1 : (int) (t.numel() / rows);
    if (mapping.maxOldId() >= rows) {
      throw new IllegalArgumentException(
          "Tensor "
              + name
              + " has "
              + rows
              + " rows; the mapping needs "
              + (mapping.maxOldId() + 1));
    }
    float[] src = t.floats();
    float[] dst = new float[mapping.size() * width];
    for (int i = 0; i < mapping.size(); i++) {
      System.arraycopy(src, mapping.oldId(i) * width, dst, i * width, width);
    }
    shape[0] = mapping.size();
    return Tensor.of(dst, shape);
  }
}

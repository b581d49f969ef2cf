package dev.primer.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.primer.UserError;
import dev.primer.learn.CheckpointSaver;
import dev.primer.learn.checkpoint.Checkpoint;
import dev.primer.learn.checkpoint.CheckpointKind;
import dev.primer.learn.checkpoint.CheckpointManifest;
import dev.primer.learn.checkpoint.CheckpointReader;
import dev.primer.learn.checkpoint.LocalCheckpointStore;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.testing.Sentences;
import dev.primer.learn.testing.TinyModels;
import dev.primer.learn.train.TrainingConfig;
import dev.primer.schemas.EncodedSentence;
import dev.primer.schemas.Metric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pretraining task's three modes on local files. */
class PretrainRunTest {

  @TempDir Path dir;

  /** A WordPiece tokenizer.json with the BERT special tokens first and {@code size} ids. */
  private Path tokenizer(int size) throws Exception {
    StringBuilder vocab = new StringBuilder();
    String[] specials = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"};
    for (int i = 0; i < size; i++) {
      String piece = i < specials.length ? specials[i] : "w" + i;
      vocab.append(i == 0 ? "" : ",").append('"').append(piece).append("\":").append(i);
    }
    Path file = dir.resolve("tokenizer-" + size + ".json");
    Files.writeString(
        file,
        "{\"version\":\"1.0\",\"added_tokens\":[],\"model\":{\"type\":\"WordPiece\","
            + "\"unk_token\":\"[UNK]\",\"continuing_subword_prefix\":\"##\",\"vocab\":{"
            + vocab
            + "}}}");
    return file;
  }

  private void encoded(String lang, String split, List<EncodedSentence> sentences)
      throws Exception {
    Path d = dir.resolve("encoded/lang=" + lang + "/split=" + split);
    Files.createDirectories(d);
    try (DataFileWriter<EncodedSentence> w =
        new DataFileWriter<>(new SpecificDatumWriter<>(EncodedSentence.class))) {
      w.create(EncodedSentence.getClassSchema(), d.resolve("part-0.avro").toFile());
      for (EncodedSentence s : sentences) {
        w.append(s);
      }
    }
  }

  private PretrainSettings settings(
      PretrainMode mode, Path tokenizer, Path mapping, String weights, int keep, String out) {
    return PretrainSettings.builder()
        .run("test", mode)
        .tokenizer(tokenizer.toString())
        .vocabMapping(mapping == null ? null : mapping.toString())
        .trainPatterns(List.of(dir.resolve("encoded/lang=*/split=train/*.avro").toString()))
        .devPatterns(List.of(dir.resolve("encoded/lang=*/split=dev/*.avro").toString()))
        .preset("tiny")
        .training(
            TrainingConfig.builder()
                .setMaxSteps(12)
                .setLearningRate(1e-3)
                .setBatchSize(8)
                .setWarmupRatio(0.1)
                .setLogEvery(4)
                .setEvalEvery(Math.max(1, 12 / 10))
                .setSeed(3)
                .setSingleThreaded(true)
                .build())
        .maskProbability(0.15)
        .weights(weights)
        .keepLayers(keep)
        .checkpoint(dir.resolve(out).toString())
        .build();
  }

  @Test
  void maskedLmPretrainingWritesABaseCheckpointAndItsLossCurve() throws Exception {
    encoded("xx", "train", Sentences.synthetic(40, 40, 5, 3, 10, 1));
    encoded("xx", "dev", Sentences.synthetic(8, 40, 5, 3, 10, 2));
    List<Metric> metrics = new ArrayList<>();
    CheckpointManifest manifest =
        new PretrainRun(settings(PretrainMode.MLM, tokenizer(40), null, "", 0, "mlm"))
            .run(metrics::add);
    assertEquals(CheckpointKind.BASE, manifest.kind());
    Checkpoint c = CheckpointReader.read(new LocalCheckpointStore(dir.resolve("mlm")));
    assertEquals(40, c.config().model().vocabSize());
    assertEquals(128, c.config().model().hiddenSize());
    assertTrue(c.tensors().contains("cls.predictions.bias"), "the masked-LM head is kept");
    assertEquals(
        List.of(4L, 8L, 12L),
        metrics.stream()
            .filter(m -> "train".equals(m.getSplit()) && m.getStep() > 0)
            .map(Metric::getStep)
            .toList());
    assertTrue(metrics.stream().anyMatch(m -> "dev".equals(m.getSplit()) && m.getStep() == -1));
    metrics.forEach(m -> assertEquals("pretrain", m.getStage()));
  }

  private Path baseCheckpoint() throws Exception {
    Engine.getInstance().setRandomSeed(4);
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel base =
          EncoderModel.builder().setConfig(TinyModels.config()).optMaskedLm().build();
      base.initialize(manager, DataType.FLOAT32);
      CheckpointSaver.saveFull(
          base,
          new LocalCheckpointStore(dir.resolve("weights")),
          CheckpointKind.BASE,
          List.of(),
          Map.of());
    }
    return dir.resolve("weights");
  }

  @Test
  void importKeepsTheWeightsAndDeriveKeepsLayersAndPrunesTheVocabulary() throws Exception {
    Path weights = baseCheckpoint();
    List<Metric> metrics = new ArrayList<>();
    new PretrainRun(
            settings(PretrainMode.IMPORT, tokenizer(40), null, weights.toString(), 0, "import"))
        .run(metrics::add);
    Checkpoint source = CheckpointReader.read(new LocalCheckpointStore(weights));
    Checkpoint imported = CheckpointReader.read(new LocalCheckpointStore(dir.resolve("import")));
    assertTrue(source.tensors().bitEquals(imported.tensors()));

    // keep new ids 0..19 = old ids 0..4 (specials) and 20..34
    StringBuilder tsv = new StringBuilder("old_id\tnew_id\tpiece\n");
    for (int n = 0; n < 20; n++) {
      int old = n < 5 ? n : n + 15;
      tsv.append(old).append('\t').append(n).append("\tp").append(n).append('\n');
    }
    Path mapping = dir.resolve("vocab_mapping.tsv");
    Files.writeString(mapping, tsv.toString());
    new PretrainRun(
            settings(PretrainMode.DERIVE, tokenizer(20), mapping, weights.toString(), 1, "derive"))
        .run(metrics::add);
    Checkpoint derived = CheckpointReader.read(new LocalCheckpointStore(dir.resolve("derive")));
    assertEquals(1, derived.config().model().numHiddenLayers());
    assertEquals(20, derived.config().model().vocabSize());
    assertFalse(derived.tensors().names().stream().anyMatch(n -> n.contains(".layer.1.")));
    float[] oldRows = source.tensors().require("bert.embeddings.word_embeddings.weight").floats();
    float[] newRows = derived.tensors().require("bert.embeddings.word_embeddings.weight").floats();
    int h = TinyModels.config().hiddenSize();
    for (int c = 0; c < h; c++) {
      assertEquals(oldRows[20 * h + c], newRows[5 * h + c], 0f, "new id 5 is old id 20");
    }
  }

  @Test
  void aVocabularyOtherThanTheTokenizersIsAUserError() throws Exception {
    Path weights = baseCheckpoint();
    UserError e =
        assertThrows(
            UserError.class,
            () ->
                new PretrainRun(
                        settings(
                            PretrainMode.IMPORT, tokenizer(30), null, weights.toString(), 0, "x"))
                    .run(m -> {}));
    assertTrue(e.getMessage().contains("40") && e.getMessage().contains("30"), e.getMessage());
  }
}

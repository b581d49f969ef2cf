package dev.primer.learn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.primer.UserError;
import dev.primer.io.FileSystemsCheckpointStore;
import dev.primer.io.ResourceIO;
import dev.primer.learn.checkpoint.CheckpointConfig;
import dev.primer.learn.checkpoint.CheckpointKind;
import dev.primer.learn.checkpoint.CheckpointManifest;
import dev.primer.learn.checkpoint.CheckpointWriter;
import dev.primer.learn.checkpoint.LocalCheckpointStore;
import dev.primer.learn.model.EncoderConfig;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.model.FastWeights;
import dev.primer.learn.model.ModelInputs;
import dev.primer.learn.model.TensorSlot;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.peft.PeftMethod;
import dev.primer.learn.peft.TrainableParameters;
import dev.primer.learn.util.TorchOps;
import dev.primer.learn.weights.ImportedModel;
import dev.primer.learn.weights.ModelConfig;
import dev.primer.learn.weights.ModelDerivation;
import dev.primer.learn.weights.SafetensorsWriter;
import dev.primer.learn.weights.StateDict;
import dev.primer.learn.weights.Tensor;
import dev.primer.learn.weights.TinyBert;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CheckpointSaveLoadTest {

  private static final List<String> LABELS = List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC");
  private static final long[][] SENTENCES = {{2, 17, 5, 9, 3}, {2, 30, 31, 3}};

  /** Vocabulary 1000, hidden 64, 2 layers: big enough for the PEFT-only size comparison. */
  private static EncoderConfig config() {
    return EncoderConfig.builder()
        .setVocabSize(1000)
        .setHiddenSize(64)
        .setNumLayers(2)
        .setNumHeads(4)
        .setIntermediateSize(128)
        .setMaxPositions(32)
        .build();
  }

  private static PeftConfig peft(PeftMethod method) {
    return PeftConfig.builder(method).setReductionFactor(8).setLoraRank(4).build();
  }

  /** Overwrites the tensors whose names pass {@code select} with seeded normal values. */
  private static void randomize(EncoderModel model, Predicate<String> select, long seed) {
    Random random = new Random(seed);
    for (TensorSlot slot : model.tensorSlots()) {
      if (select.test(slot.name())) {
        Tensor t = TinyBert.gaussian(random, 0.2f, slot.shape().getShape());
        try (NDManager temp = model.manager().newSubManager()) {
          TorchOps.copyInto(slot.parameter().getArray(), t.toNDArray(temp));
        }
      }
    }
  }

  private static EncoderModel model(
      NDManager manager, PeftConfig peft, int labels, boolean mlm, long seed) {
    EncoderModel.Builder b = EncoderModel.builder().setConfig(config()).optPeft(peft);
    if (labels > 0) {
      b.optTokenClassifier(labels);
    }
    if (mlm) {
      b.optMaskedLm();
    }
    EncoderModel model = b.build();
    model.initialize(manager, DataType.FLOAT32);
    randomize(model, n -> true, seed);
    return model;
  }

  private static ModelInputs inputs(NDManager manager, EncoderModel model) {
    long[] ids = new long[SENTENCES.length * 5];
    int[] lengths = new int[SENTENCES.length];
    for (int b = 0; b < SENTENCES.length; b++) {
      lengths[b] = SENTENCES[b].length;
      System.arraycopy(SENTENCES[b], 0, ids, b * 5, SENTENCES[b].length);
    }
    return model.inputs(manager, ids, lengths, 5);
  }

  private static float[] tokenLogits(EncoderModel model) {
    try (NDManager scope = model.manager().newSubManager()) {
      return model.tokenLogits(new FastWeights(), inputs(scope, model), false).toFloatArray();
    }
  }

  private static float[] mlmLogits(EncoderModel model) {
    try (NDManager scope = model.manager().newSubManager()) {
      NDArray positions = scope.create(new long[] {1, 2, 6, 7});
      return model
          .maskedLmLogits(new FastWeights(), inputs(scope, model), positions, false)
          .toFloatArray();
    }
  }

  /** Same names (in any order) with bit-identical tensors. */
  private static boolean sameTensors(StateDict a, StateDict b) {
    if (!a.names().equals(b.names())) {
      return false;
    }
    return a.names().stream().allMatch(n -> a.get(n).bitEquals(b.get(n)));
  }

  private static long bytes(Path dir, String file) throws Exception {
    return Files.size(dir.resolve(file));
  }

  @Test
  void fullCheckpointRoundTripIsBitExact(@TempDir Path dir) throws Exception {
    try (NDManager a = NDManager.newBaseManager();
        NDManager b = NDManager.newBaseManager()) {
      EncoderModel saved = model(a, peft(PeftMethod.HOULSBY), 5, true, 1);
      CheckpointManifest m =
          CheckpointSaver.saveFull(
              saved, new LocalCheckpointStore(dir), CheckpointKind.FULL, LABELS, Map.of("seed", 7));
      assertEquals(CheckpointKind.FULL, m.kind());
      assertEquals(7, m.provenance().get("seed").asInt());

      CheckpointLoader.Loaded loaded =
          CheckpointLoader.load(new LocalCheckpointStore(dir), b, LoadOptions.defaults());
      EncoderModel model = loaded.model();
      assertEquals(saved.config(), model.config());
      assertEquals(saved.peft(), model.peft());
      assertEquals(5, model.numLabels());
      assertTrue(model.hasMaskedLmHead());
      assertEquals(LABELS, loaded.labels());
      assertTrue(sameTensors(CheckpointSaver.stateDict(saved), CheckpointSaver.stateDict(model)));
      assertArrayEquals(tokenLogits(saved), tokenLogits(model));
      assertArrayEquals(mlmLogits(saved), mlmLogits(model));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = PeftMethod.class,
      names = {"FULL"},
      mode = EnumSource.Mode.EXCLUDE)
  void peftOnlyCheckpointIsSmallAndRestoresTheModelBitExact(PeftMethod method, @TempDir Path dir)
      throws Exception {
    Path baseDir = dir.resolve("base");
    Path peftDir = dir.resolve("peft");
    try (NDManager a = NDManager.newBaseManager();
        NDManager b = NDManager.newBaseManager()) {
      EncoderModel pretrained = model(a, PeftConfig.full(), 0, true, 2);
      CheckpointManifest baseManifest =
          CheckpointSaver.saveFull(
              pretrained, new LocalCheckpointStore(baseDir), CheckpointKind.BASE, List.of(), null);

      CheckpointLoader.Loaded tuned =
          CheckpointLoader.load(
              new LocalCheckpointStore(baseDir),
              a,
              LoadOptions.defaults()
                  .withPeft(peft(method))
                  .withNumLabels(LABELS.size())
                  .withMaskedLm(false));
      EncoderModel model = tuned.model();
      // The encoder is the base's, bit for bit.
      StateDict baseTensors = CheckpointSaver.stateDict(pretrained);
      CheckpointSaver.stateDict(model, n -> baseTensors.contains(n) && !n.startsWith("cls."))
          .asMap()
          .forEach((n, t) -> assertTrue(t.bitEquals(baseTensors.get(n)), n));
      // "Fine-tune": change exactly what PEFT trains.
      randomize(model, TrainableParameters.predicate(method), 3);

      CheckpointManifest peftManifest =
          CheckpointSaver.savePeft(
              model,
              new LocalCheckpointStore(peftDir),
              LABELS,
              Map.of(),
              CheckpointManifest.BaseReference.of(baseManifest, baseDir.toString()));
      assertEquals(CheckpointKind.PEFT, peftManifest.kind());
      long peftBytes = bytes(peftDir, "peft.safetensors");
      long baseBytes = bytes(baseDir, "model.safetensors");
      assertTrue(
          peftBytes * 10 < baseBytes,
          method + ": PEFT-only file " + peftBytes + " bytes, base " + baseBytes);

      CheckpointLoader.Loaded again =
          CheckpointLoader.loadWithPeft(
              new LocalCheckpointStore(baseDir),
              new LocalCheckpointStore(peftDir),
              b,
              DataType.FLOAT32);
      assertEquals(model.peft(), again.model().peft());
      assertEquals(LABELS, again.labels());
      assertFalse(again.model().hasMaskedLmHead());
      assertTrue(
          sameTensors(CheckpointSaver.stateDict(model), CheckpointSaver.stateDict(again.model())));
      assertArrayEquals(tokenLogits(model), tokenLogits(again.model()));

      // The same PEFT checkpoint applied to an existing model.
      EncoderModel other =
          CheckpointLoader.load(
                  new LocalCheckpointStore(baseDir),
                  b,
                  LoadOptions.defaults()
                      .withPeft(peft(method))
                      .withNumLabels(LABELS.size())
                      .withMaskedLm(false))
              .model();
      randomize(other, TrainableParameters.predicate(method), 99);
      assertFalse(Arrays.equals(tokenLogits(model), tokenLogits(other)));
      CheckpointLoader.loadPeftInto(other, new LocalCheckpointStore(peftDir));
      assertArrayEquals(tokenLogits(model), tokenLogits(other));
    }
  }

  @Test
  void mismatchedConfigsAndShapesAreRefused(@TempDir Path dir) throws Exception {
    Path full = dir.resolve("full");
    Path peftDir = dir.resolve("peft");
    Path otherBase = dir.resolve("other-base");
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel saved = model(manager, peft(PeftMethod.LORA), 5, false, 1);
      CheckpointSaver.saveFull(
          saved, new LocalCheckpointStore(full), CheckpointKind.FULL, LABELS, null);
      LocalCheckpointStore fullStore = new LocalCheckpointStore(full);

      EncoderModel wider =
          EncoderModel.builder()
              .setConfig(config().toBuilder().setHiddenSize(96).setNumHeads(4).build())
              .optPeft(peft(PeftMethod.LORA))
              .optTokenClassifier(5)
              .build();
      wider.initialize(manager, DataType.FLOAT32);
      UserError e =
          assertThrows(UserError.class, () -> CheckpointLoader.loadInto(wider, fullStore));
      assertEquals(
          full.resolve("config.json")
              + ": Config mismatch: hidden_size is 64 in the checkpoint but 96 in the target model",
          e.getMessage());

      e =
          assertThrows(
              UserError.class,
              () ->
                  CheckpointLoader.load(
                      fullStore,
                      manager,
                      LoadOptions.defaults().withPeft(peft(PeftMethod.HOULSBY))));
      assertTrue(e.getMessage().contains("holds PEFT parameters for"), e.getMessage());

      e =
          assertThrows(
              UserError.class,
              () ->
                  CheckpointLoader.load(
                      fullStore, manager, LoadOptions.defaults().withNumLabels(7)));
      assertTrue(
          e.getMessage()
              .endsWith(
                  "classifier has 5 labels but 7 were asked for"
                      + " (ask for a fresh classifier to replace it)"),
          e.getMessage());
      // A fresh classifier of another size is allowed; the rest is the checkpoint's.
      EncoderModel fresh =
          CheckpointLoader.load(
                  fullStore, manager, LoadOptions.defaults().withNumLabels(7).withFreshClassifier())
              .model();
      assertEquals(7, fresh.numLabels());
      assertTrue(
          sameTensors(
              CheckpointSaver.stateDict(saved, n -> !n.startsWith("classifier.")),
              CheckpointSaver.stateDict(fresh, n -> !n.startsWith("classifier."))));

      // PEFT checkpoint on the wrong base: refused by the recorded sha256.
      CheckpointSaver.saveFull(
          model(manager, PeftConfig.full(), 0, false, 4),
          new LocalCheckpointStore(otherBase),
          CheckpointKind.BASE,
          List.of(),
          null);
      CheckpointManifest fullManifest =
          dev.primer.learn.checkpoint.CheckpointReader.readManifest(fullStore);
      CheckpointSaver.savePeft(
          saved,
          new LocalCheckpointStore(peftDir),
          LABELS,
          null,
          CheckpointManifest.BaseReference.of(fullManifest, full.toString()));
      e =
          assertThrows(
              UserError.class,
              () ->
                  CheckpointLoader.loadWithPeft(
                      new LocalCheckpointStore(otherBase),
                      new LocalCheckpointStore(peftDir),
                      manager,
                      DataType.FLOAT32));
      assertTrue(e.getMessage().contains("was trained on base " + full), e.getMessage());
      e =
          assertThrows(
              UserError.class,
              () ->
                  CheckpointLoader.load(
                      new LocalCheckpointStore(peftDir), manager, LoadOptions.defaults()));
      assertTrue(
          e.getMessage()
              .endsWith(
                  "is a PEFT-only checkpoint: load it on top of its base" + " (loadWithPeft)"),
          e.getMessage());

      // A PEFT checkpoint into a model with another PEFT method.
      EncoderModel adapters = model(manager, peft(PeftMethod.PFEIFFER), 5, false, 5);
      e =
          assertThrows(
              UserError.class,
              () -> CheckpointLoader.loadPeftInto(adapters, new LocalCheckpointStore(peftDir)));
      assertTrue(e.getMessage().contains("but the model is built with"), e.getMessage());

      // A weights file whose tensor does not fit its own config.
      Path bad = dir.resolve("bad");
      StateDict tensors = CheckpointSaver.stateDict(saved);
      tensors.put(
          "bert.embeddings.word_embeddings.weight", Tensor.of(new float[999 * 64], 999, 64));
      new CheckpointWriter()
          .write(
              new LocalCheckpointStore(bad),
              CheckpointKind.FULL,
              tensors,
              CheckpointSaver.checkpointConfig(saved, LABELS),
              null,
              null);
      e =
          assertThrows(
              UserError.class,
              () ->
                  CheckpointLoader.load(
                      new LocalCheckpointStore(bad), manager, LoadOptions.defaults()));
      assertEquals(
          bad.resolve("model.safetensors")
              + ": tensor bert.embeddings.word_embeddings.weight has shape [999, 64] in the"
              + " checkpoint but [1000, 64] in the target model",
          e.getMessage());

      e =
          assertThrows(
              UserError.class,
              () ->
                  CheckpointLoader.load(
                      new LocalCheckpointStore(dir.resolve("nothing")),
                      manager,
                      LoadOptions.defaults()));
      assertTrue(e.getMessage().contains("is missing: not a checkpoint"), e.getMessage());
    }
  }

  @Test
  void importedHfCheckpointGivesTheLogitsOfTheExportedModel(@TempDir Path dir) throws Exception {
    Path hf = dir.resolve("hf");
    Files.createDirectories(hf);
    try (NDManager a = NDManager.newBaseManager();
        NDManager b = NDManager.newBaseManager()) {
      EncoderModel original = model(a, PeftConfig.full(), 0, true, 11);
      // Export as a HuggingFace BertForMaskedLM directory (tied decoder implied).
      Files.writeString(
          hf.resolve("config.json"), ModelConfig.of(original.config()).toJsonString());
      try (OutputStream out = Files.newOutputStream(hf.resolve("model.safetensors"))) {
        SafetensorsWriter.write(CheckpointSaver.stateDict(original), Map.of("format", "pt"), out);
      }
      ImportedModel imported = PretrainedWeights.load(hf);
      EncoderModel model = CheckpointLoader.fromImported(imported, b, LoadOptions.defaults());
      assertTrue(model.hasMaskedLmHead());
      assertEquals(0, model.numLabels());
      assertEquals(original.config(), model.config());
      assertArrayEquals(mlmLogits(original), mlmLogits(model));

      // An independent plain-NDArray forward over the imported weights agrees.
      try (ReferenceBert reference = new ReferenceBert(imported.config(), imported.tensors())) {
        float[][] expected =
            reference.logitsAt(SENTENCES[0], new long[SENTENCES[0].length], new int[] {1, 2});
        float[] ours = mlmLogits(model);
        int vocab = config().vocabSize();
        for (int i = 0; i < 2 * vocab; i++) {
          assertEquals(expected[i / vocab][i % vocab], ours[i], 1e-4, "logit " + i);
        }
      }
    }
  }

  @Test
  void derivedAndTaggerImportsLoad(@TempDir Path dir) throws Exception {
    StateDict weights =
        TinyBert.withPeftAndClassifier(
                TinyBert.stateDict(TinyBert.config(), 5), TinyBert.config(), 6)
            .filter(n -> !n.contains(".adapter.") && !n.contains(".lora_"));
    ImportedModel imported =
        new ImportedModel(TinyBert.config(), weights, List.of(), "tiny tagger");
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel tagger =
          CheckpointLoader.fromImported(imported, manager, LoadOptions.defaults());
      assertEquals(7, tagger.numLabels());
      assertTrue(tagger.hasMaskedLmHead());
      assertTrue(sameTensors(weights, CheckpointSaver.stateDict(tagger)));

      ImportedModel derived = ModelDerivation.keepFirstLayers(imported, 1);
      EncoderModel small =
          CheckpointLoader.fromImported(
              derived, manager, LoadOptions.defaults().withNumLabels(0).withMaskedLm(false));
      assertEquals(1, small.config().numLayers());
      assertEquals(0, small.numLabels());
      assertTrue(
          sameTensors(
              derived.tensors().filter(n -> n.startsWith("bert.")),
              CheckpointSaver.stateDict(small)));

      StateDict broken = weights.filter(n -> !n.equals("bert.encoder.layer.1.output.dense.bias"));
      UserError e =
          assertThrows(
              UserError.class,
              () ->
                  CheckpointLoader.fromImported(
                      new ImportedModel(TinyBert.config(), broken, List.of(), "broken"),
                      manager,
                      LoadOptions.defaults()));
      assertEquals(
          "broken: parameter bert.encoder.layer.1.output.dense.bias of the model is missing",
          e.getMessage());
    }
  }

  @Test
  void checkpointsGoThroughBeamFileSystems(@TempDir Path dir) throws Exception {
    try (NDManager a = NDManager.newBaseManager();
        NDManager b = NDManager.newBaseManager()) {
      EncoderModel saved = model(a, peft(PeftMethod.LORA), 5, false, 8);
      FileSystemsCheckpointStore store =
          new FileSystemsCheckpointStore(ResourceIO.directory(dir.resolve("ckpt") + "/"));
      CheckpointSaver.saveFull(saved, store, CheckpointKind.FULL, LABELS, null);
      try (Stream<Path> files = Files.list(dir.resolve("ckpt"))) {
        assertEquals(
            List.of("checkpoint.json", "config.json", "model.safetensors"),
            files.map(p -> p.getFileName().toString()).sorted().toList());
      }
      EncoderModel loaded =
          CheckpointLoader.load(
                  FileSystemsCheckpointStore.forSpec(dir.resolve("ckpt").toUri().toString()),
                  b,
                  LoadOptions.defaults())
              .model();
      assertTrue(sameTensors(CheckpointSaver.stateDict(saved), CheckpointSaver.stateDict(loaded)));
      CheckpointConfig config =
          dev.primer.learn.checkpoint.CheckpointReader.readConfig(
              store, dev.primer.learn.checkpoint.CheckpointReader.readManifest(store));
      assertEquals("lora", config.peft().get("method").asText());
    }
  }
}

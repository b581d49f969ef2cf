package dev.primer.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.primer.learn.CheckpointLoader;
import dev.primer.learn.CheckpointSaver;
import dev.primer.learn.LoadOptions;
import dev.primer.learn.checkpoint.CheckpointKind;
import dev.primer.learn.checkpoint.CheckpointManifest;
import dev.primer.learn.checkpoint.LocalCheckpointStore;
import dev.primer.learn.model.EncoderConfig;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.model.TensorSlot;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.peft.PeftMethod;
import dev.primer.learn.train.Determinism;
import dev.primer.learn.util.TorchOps;
import dev.primer.vocab.Fixtures;
import dev.primer.vocab.HfSubwordTokenizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Language routing with two adapters that behave differently (one tags every word B-PER, the other
 * nothing), the fallback adapter, long lines cut into windows, and malformed lines.
 */
class PredictorTest {

  static final List<String> LABELS = List.of("O", "B-PER", "I-PER");

  @TempDir static Path dir;
  static HfSubwordTokenizer tokenizer;
  static String base;
  static Map<String, Adapter> adapters;

  @BeforeAll
  static void checkpoints() throws Exception {
    tokenizer = HfSubwordTokenizer.load(Fixtures.tinyTokenizer());
    EncoderConfig config =
        EncoderConfig.builder()
            .setVocabSize(tokenizer.vocabSize())
            .setHiddenSize(16)
            .setNumLayers(1)
            .setNumHeads(2)
            .setIntermediateSize(32)
            .setMaxPositions(16)
            .build();
    Path baseDir = dir.resolve("base");
    CheckpointManifest baseManifest;
    Determinism.seed(1);
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel model = EncoderModel.builder().setConfig(config).build();
      model.initialize(manager, DataType.FLOAT32);
      baseManifest =
          CheckpointSaver.saveFull(
              model, new LocalCheckpointStore(baseDir), CheckpointKind.BASE, List.of(), Map.of());
    }
    base = baseDir.toString();
    adapters =
        Map.of(
            "aa", new Adapter(base, peft(baseDir, baseManifest, "per", 1)),
            "bb", new Adapter(base, peft(baseDir, baseManifest, "none", 0)));
  }

  /** A BitFit checkpoint whose classifier bias makes label {@code favoured} win everywhere. */
  static String peft(Path baseDir, CheckpointManifest baseManifest, String name, int favoured)
      throws Exception {
    Path out = dir.resolve(name);
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel model =
          CheckpointLoader.load(
                  new LocalCheckpointStore(baseDir),
                  manager,
                  LoadOptions.defaults()
                      .withPeft(PeftConfig.builder(PeftMethod.BITFIT).build())
                      .withNumLabels(LABELS.size())
                      .withMaskedLm(false))
              .model();
      float[] bias = new float[LABELS.size()];
      bias[favoured] = 100f;
      for (TensorSlot slot : model.tensorSlots()) {
        if (slot.name().equals("classifier.bias")) {
          try (NDManager temp = model.manager().newSubManager()) {
            TorchOps.copyInto(slot.parameter().getArray(), temp.create(bias));
          }
        }
      }
      CheckpointSaver.savePeft(
          model,
          new LocalCheckpointStore(out),
          LABELS,
          Map.of(),
          CheckpointManifest.BaseReference.of(baseManifest, baseDir.toString()));
    }
    return out.toString();
  }

  static Predictor predictor(String fallback) {
    return new Predictor(adapters, fallback, tokenizer, 12, 4, 0);
  }

  @Test
  void eachLanguageUsesItsOwnAdapter() throws Exception {
    List<LinePrediction> out =
        predictor(null)
            .predict(
                List.of(
                    new InputLine("f", 1, "aa", "the cat sat"),
                    new InputLine("f", 2, "bb", "the cat sat"),
                    new InputLine("f", 3, "aa", "a dog")));
    assertEquals("aa", out.get(0).adapterLang());
    assertEquals(List.of("B-PER", "B-PER", "B-PER"), out.get(0).tags());
    assertEquals(
        List.of("the", "cat", "sat"),
        out.get(0).entities().stream().map(PredictedEntity::text).toList());
    assertTrue(out.get(0).entities().get(0).confidence() > 0.99);
    assertEquals(List.of("O", "O", "O"), out.get(1).tags());
    assertEquals(List.of(), out.get(1).entities());
    assertEquals(List.of("B-PER", "B-PER"), out.get(2).tags());
  }

  @Test
  void unknownLanguagesGoToDeadLettersOrTheFallback() throws Exception {
    InputLine line = new InputLine("f", 7, "zz", "the cat");
    LinePrediction rejected = predictor(null).predict(List.of(line)).get(0);
    assertEquals(Predictor.UNKNOWN_LANGUAGE, rejected.reason());
    LinePrediction routed = predictor("bb").predict(List.of(line)).get(0);
    assertNull(routed.reason());
    assertEquals("bb", routed.adapterLang());
    assertEquals(List.of("O", "O"), routed.tags());
  }

  @Test
  void emptyLinesAreDeadLettersAndLongLinesAreWindowed() throws Exception {
    String longLine = "the cat sat on the mat ".repeat(6).strip();
    List<LinePrediction> out =
        predictor(null)
            .predict(
                List.of(new InputLine("f", 1, "aa", "   "), new InputLine("f", 2, "aa", longLine)));
    assertEquals(Predictor.EMPTY_LINE, out.get(0).reason());
    LinePrediction windowed = out.get(1);
    assertTrue(windowed.windows() > 1, "windows: " + windowed.windows());
    assertEquals(36, windowed.tags().size());
    assertEquals(36, windowed.entities().size());
    PredictedEntity last = windowed.entities().get(35);
    assertEquals("mat", last.text());
    assertEquals(longLine.length(), last.end());
  }
}

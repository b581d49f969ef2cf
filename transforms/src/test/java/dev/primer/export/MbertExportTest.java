package dev.primer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.io.ResourceIO;
import dev.primer.learn.EncoderMaskedLmScorer;
import dev.primer.learn.FillMask;
import dev.primer.learn.PretrainedWeights;
import dev.primer.learn.checkpoint.LocalCheckpointStore;
import dev.primer.learn.weights.ImportedModel;
import dev.primer.learn.weights.tf.MbertJar;
import dev.primer.learn.weights.tf.TfCheckpointImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opt-in, on the real mBERT (-Pmbert, as {@code MbertFillMaskTest}): the imported TensorFlow
 * weights saved as a primer base, exported as a transformers {@code BertForMaskedLM} directory,
 * imported back from it; the tensors are bit-identical and fill-mask (with the exported
 * tokenizer.json) gives the same top-5 pieces with the same probabilities. Skips without the jar.
 */
class MbertExportTest {

  private static final List<String> TEXTS =
      List.of("Paris is the [MASK] of France.", "Berlin ist die [MASK] von Deutschland.");

  @TempDir Path tmp;

  @Test
  void mbertExportedAsTransformersFillsMasksExactlyAsBefore() throws Exception {
    Path jar = MbertJar.require();
    Path tokenizer = MbertJar.sharedModelDir().resolve("tokenizer.json");
    ImportedModel imported = TfCheckpointImporter.importFrom(jar);
    Path base = tmp.resolve("base");
    PretrainedWeights.saveAsBase(imported, new LocalCheckpointStore(base), Map.of());
    Path out = tmp.resolve("export");
    ModelExporter.Result result =
        ModelExporter.export(
            ExportSource.read(base.toString(), ResourceIO.file(tokenizer.toString())),
            ExportFormat.TRANSFORMERS,
            ResourceIO.directory(out + "/"));
    assertEquals(ModelExporter.LAYOUT_MODEL, result.layout());
    assertTrue(Files.readString(out.resolve("config.json")).contains("BertForMaskedLM"));
    ImportedModel back = ExportedModels.read(ResourceIO.directory(out + "/"));
    assertEquals(imported.tensors().names().size(), back.tensors().names().size());
    for (String name : imported.tensors().names()) {
      assertTrue(imported.tensors().get(name).bitEquals(back.tensors().get(name)), name);
    }
    List<List<FillMask.Prediction>> before;
    List<List<FillMask.Prediction>> after;
    try (EncoderMaskedLmScorer model = EncoderMaskedLmScorer.of(imported);
        FillMask fill = FillMask.create(tokenizer, model)) {
      before = List.of(fill.predict(TEXTS.get(0), 5).get(0), fill.predict(TEXTS.get(1), 5).get(0));
    }
    try (EncoderMaskedLmScorer model = EncoderMaskedLmScorer.of(back);
        FillMask fill = FillMask.create(out.resolve("tokenizer.json"), model)) {
      after = List.of(fill.predict(TEXTS.get(0), 5).get(0), fill.predict(TEXTS.get(1), 5).get(0));
    }
    System.out.print(TEXTS.get(0) + "\n" + FillMask.format(List.of(after.get(0))));
    System.out.print(TEXTS.get(1) + "\n" + FillMask.format(List.of(after.get(1))));
    assertEquals("capital", after.get(0).get(0).piece());
    for (int s = 0; s < 2; s++) {
      for (int i = 0; i < 5; i++) {
        assertEquals(before.get(s).get(i).piece(), after.get(s).get(i).piece());
        assertEquals(before.get(s).get(i).probability(), after.get(s).get(i).probability(), 0.0);
      }
    }
  }
}

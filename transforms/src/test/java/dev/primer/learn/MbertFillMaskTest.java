package dev.primer.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.primer.learn.weights.ImportedModel;
import dev.primer.learn.weights.tf.MbertJar;
import dev.primer.learn.weights.tf.TfCheckpointImporter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Opt-in proof that the TensorFlow mBERT import is correct (-Pmbert): the imported weights, run
 * through a plain reference forward, complete a capital-city sentence in English and German.
 */
class MbertFillMaskTest {

  @Test
  void mbertFillsTheCapitalInEnglishAndGerman() throws Exception {
    Path jar = MbertJar.require();
    Path tokenizer = MbertJar.sharedModelDir().resolve("tokenizer.json");
    ImportedModel imported = TfCheckpointImporter.importFrom(jar);
    try (ReferenceBert model = new ReferenceBert(imported.config(), imported.tensors());
        FillMask fill = FillMask.create(tokenizer, model)) {
      List<List<FillMask.Prediction>> en = fill.predict("Paris is the [MASK] of France.", 5);
      List<List<FillMask.Prediction>> de =
          fill.predict("Berlin ist die [MASK] von Deutschland.", 5);
      System.out.print("Paris is the [MASK] of France.\n" + FillMask.format(en));
      System.out.print("Berlin ist die [MASK] von Deutschland.\n" + FillMask.format(de));
      assertEquals("capital", en.get(0).get(0).piece());
      assertEquals("Hauptstadt", de.get(0).get(0).piece());
    }
  }
}

package dev.primer.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.primer.learn.weights.ImportedModel;
import dev.primer.learn.weights.tf.MbertJar;
import dev.primer.learn.weights.tf.TfCheckpointImporter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Opt-in proof that the TensorFlow mBERT import and the project's encoder are correct (-Pmbert):
 * the imported weights complete a capital-city sentence in English and German, both through a plain
 * reference forward and through {@link dev.primer.learn.model.EncoderModel}, and the two agree on
 * the probabilities.
 */
class MbertFillMaskTest {

  private static final String EN = "Paris is the [MASK] of France.";
  private static final String DE = "Berlin ist die [MASK] von Deutschland.";

  @Test
  void mbertFillsTheCapitalInEnglishAndGerman() throws Exception {
    Path jar = MbertJar.require();
    Path tokenizer = MbertJar.sharedModelDir().resolve("tokenizer.json");
    ImportedModel imported = TfCheckpointImporter.importFrom(jar);
    List<List<FillMask.Prediction>> refEn;
    List<List<FillMask.Prediction>> refDe;
    try (ReferenceBert model = new ReferenceBert(imported.config(), imported.tensors());
        FillMask fill = FillMask.create(tokenizer, model)) {
      refEn = fill.predict(EN, 5);
      refDe = fill.predict(DE, 5);
    }
    try (EncoderMaskedLmScorer model = EncoderMaskedLmScorer.of(imported);
        FillMask fill = FillMask.create(tokenizer, model)) {
      List<List<FillMask.Prediction>> en = fill.predict(EN, 5);
      List<List<FillMask.Prediction>> de = fill.predict(DE, 5);
      System.out.print(EN + "\n" + FillMask.format(en));
      System.out.print(DE + "\n" + FillMask.format(de));
      assertEquals("capital", en.get(0).get(0).piece());
      assertEquals("Hauptstadt", de.get(0).get(0).piece());
      for (int i = 0; i < 5; i++) {
        assertEquals(refEn.get(0).get(i).piece(), en.get(0).get(i).piece());
        assertEquals(refEn.get(0).get(i).probability(), en.get(0).get(i).probability(), 1e-4);
        assertEquals(refDe.get(0).get(i).piece(), de.get(0).get(i).piece());
        assertEquals(refDe.get(0).get(i).probability(), de.get(0).get(i).probability(), 1e-4);
      }
    }
  }
}

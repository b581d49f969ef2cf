package dev.primer.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.primer.UserError;
import dev.primer.learn.weights.ImportedModel;
import dev.primer.learn.weights.StateDict;
import dev.primer.learn.weights.TinyBert;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncoderMaskedLmScorerTest {

  @Test
  void agreesWithThePlainReferenceForward() throws Exception {
    StateDict weights = TinyBert.stateDict(TinyBert.config(), 21);
    ImportedModel imported = new ImportedModel(TinyBert.config(), weights, List.of(), "tiny");
    long[] ids = {2, 17, 4, 9, 33, 3};
    long[] types = {0, 0, 0, 1, 1, 1};
    int[] positions = {2, 4};
    try (EncoderMaskedLmScorer ours = EncoderMaskedLmScorer.of(imported);
        ReferenceBert reference = new ReferenceBert(TinyBert.config(), weights)) {
      float[][] a = ours.logitsAt(ids, types, positions);
      float[][] b = reference.logitsAt(ids, types, positions);
      assertEquals(2, a.length);
      assertEquals(TinyBert.config().vocabSize(), a[0].length);
      for (int i = 0; i < a.length; i++) {
        for (int v = 0; v < a[i].length; v++) {
          assertEquals(b[i][v], a[i][v], 1e-4, "mask " + i + " piece " + v);
        }
      }
    }
  }

  @Test
  void weightsWithoutMaskedLmHeadAreRefused() {
    StateDict weights =
        TinyBert.stateDict(TinyBert.config(), 21).filter(n -> !n.startsWith("cls."));
    UserError e =
        assertThrows(
            UserError.class,
            () ->
                EncoderMaskedLmScorer.of(
                    new ImportedModel(TinyBert.config(), weights, List.of(), "encoder-only")));
    assertEquals(
        "encoder-only has no masked-LM head (cls.predictions.*): fill-mask needs a model"
            + " pretrained with masked-LM",
        e.getMessage());
  }
}

package dev.primer.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.corpus.IobPolicy;
import dev.primer.corpus.IobScheme;
import dev.primer.corpus.IobTags;
import dev.primer.seqeval.IobChunker;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Predicted tags are valid IOB2 and agree with the spans seqeval reads from the raw tags. */
class PredictedTagsTest {

  private static boolean validIob2(String[] tags) {
    String[] copy = tags.clone();
    return IobTags.toIob2(copy, IobScheme.IOB2, IobPolicy.DEAD_LETTER, new ArrayList<>()) < 0;
  }

  @Test
  void strayInsideTagsBecomeBeginnings() {
    String[] tags = "I-PER O I-PER I-PER B-LOC I-ORG I-ORG O".split(" ");
    assertFalse(validIob2(tags), "control: the raw tags are not IOB2");
    assertEquals(3, Predictor.toIob2(tags));
    assertArrayEquals("B-PER O B-PER I-PER B-LOC B-ORG I-ORG O".split(" "), tags);
    assertTrue(validIob2(tags));
  }

  @Test
  void randomSequencesKeepTheirSpans() {
    String[] labels = {"O", "B-PER", "I-PER", "B-LOC", "I-LOC"};
    Random random = new Random(16);
    int repaired = 0;
    for (int n = 0; n < 5000; n++) {
      String[] tags = new String[1 + random.nextInt(12)];
      for (int i = 0; i < tags.length; i++) {
        tags[i] = labels[random.nextInt(labels.length)];
      }
      String[] raw = tags.clone();
      repaired += Predictor.toIob2(tags) > 0 ? 1 : 0;
      assertTrue(validIob2(tags), List.of(tags).toString());
      assertEquals(IobChunker.chunks(List.of(raw)), IobChunker.chunks(List.of(tags)));
    }
    assertTrue(repaired > 1000, "control: many random sequences needed repair, " + repaired);
  }

  @Test
  void languageCodes() {
    for (String ok : List.of("sw", "en", "hau", "zh-Hans", "pt_BR", "sr-Latn-RS")) {
      assertTrue(PredictInput.isLanguageCode(ok), ok);
    }
    for (String bad :
        List.of("", "x", "e1", "../x", "a/b", "en us", "sw\u0000", "x".repeat(300), "en-")) {
      assertFalse(PredictInput.isLanguageCode(bad), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> PredictInput.parse("lang=../x:in.txt"));
  }
}

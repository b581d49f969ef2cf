package dev.primer.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LabelVocabularyTest {

  @Test
  void outsideFirstThenSortedTypes() {
    LabelVocabulary v = LabelVocabulary.ofTypes("PER", "ORG", "LOC", "PER");
    assertEquals(List.of("LOC", "ORG", "PER"), v.types());
    assertEquals(List.of("O", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-PER", "I-PER"), v.labels());
    assertEquals(0, v.id("O"));
    assertEquals(6, v.id("I-PER"));
    assertEquals(-1, v.id("B-MISC"));
    assertEquals("B-ORG", v.label(3));
    assertEquals(List.of("O"), LabelVocabulary.ofTypes().labels());
  }

  @Test
  void jsonRoundTrips() {
    LabelVocabulary v = LabelVocabulary.ofTypes("PER", "DATE");
    String json = v.toJson();
    assertTrue(json.contains("\"labels\""));
    assertEquals(v, LabelVocabulary.fromJson(json));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            LabelVocabulary.fromJson(
                "{\"types\":[\"PER\"],\"labels\":[\"O\",\"I-PER\",\"B-PER\"]}"));
  }

  @Test
  void rejectsBadTypes() {
    assertThrows(IllegalArgumentException.class, () -> LabelVocabulary.ofTypes("O"));
    assertThrows(IllegalArgumentException.class, () -> LabelVocabulary.ofTypes("A B"));
    assertThrows(IllegalArgumentException.class, () -> LabelVocabulary.ofTypes(""));
  }
}

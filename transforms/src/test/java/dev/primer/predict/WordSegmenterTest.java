package dev.primer.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Segmentation and offsets round-trips: accents, CJK, emoji. */
class WordSegmenterTest {

  private static List<String> texts(String line) {
    return WordSegmenter.segment(line).stream().map(WordSegmenter.Word::text).toList();
  }

  /** Python-style slicing by code points. */
  private static String slice(String text, int start, int end) {
    int[] cps = text.codePoints().toArray();
    return new String(Arrays.copyOfRange(cps, start, end), 0, end - start);
  }

  @Test
  void wordsPunctuationAccentsAndCjkCharacters() {
    assertEquals(
        List.of("Zoë", "Saldaña", "visitó", "São", "Paulo", "."),
        texts("Zoë Saldaña visitó  São Paulo."));
    assertEquals(List.of("我", "在", "北", "京", "。"), texts("我在北京。"));
    assertEquals(List.of("東", "京", "タ", "ワ", "ー", "へ"), texts("東京タワーへ"));
    assertEquals(List.of("서울에", "갔다"), texts("서울에 갔다"));
    assertEquals(List.of(), texts(" \t\u00a0 "));
  }

  @Test
  void everyWordIsTheLineBetweenItsOffsets() {
    String line = "Émile 🎉 met 𠮷野 in Zürich 👍🏽!";
    for (WordSegmenter.Word w : WordSegmenter.segment(line)) {
      assertEquals(w.text(), line.substring(w.start(), w.end()));
    }
    assertEquals(List.of("𠮷", "野"), texts("𠮷野"));
  }

  @Test
  void entityOffsetsRoundTripToTheOriginalLine() {
    String line = "🎉 José Martí visitó 東京 y 😀 Zürich.";
    List<WordSegmenter.Word> words = WordSegmenter.segment(line);
    assertEquals(
        List.of("🎉", "José", "Martí", "visitó", "東", "京", "y", "😀", "Zürich", "."),
        words.stream().map(WordSegmenter.Word::text).toList());
    List<String> tags =
        List.of("O", "B-PER", "I-PER", "O", "B-LOC", "I-LOC", "O", "O", "B-LOC", "O");
    double[] confidence = {1, 0.5, 0.7, 1, 0.9, 0.8, 1, 1, 0.6, 1};
    List<PredictedEntity> entities = Predictor.entities(line, words, tags, confidence);
    assertEquals(3, entities.size());
    assertEquals(
        List.of("José Martí", "東京", "Zürich"),
        entities.stream().map(PredictedEntity::text).toList());
    for (PredictedEntity e : entities) {
      assertEquals(e.text(), slice(line, e.start(), e.end()), e.toString());
    }
    // Code-point offsets: the emoji before José counts as one character.
    assertEquals(2, entities.get(0).start());
    assertEquals(12, entities.get(0).end());
    assertEquals(0.6, entities.get(0).confidence(), 1e-12);
    assertEquals(0.85, entities.get(1).confidence(), 1e-12);
    assertEquals("LOC", entities.get(2).type());
  }
}

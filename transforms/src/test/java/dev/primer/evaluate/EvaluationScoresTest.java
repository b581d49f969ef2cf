package dev.primer.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.primer.schemas.EncodedSentence;
import dev.primer.seqeval.PrfScore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-computed figures of a fixture with known predictions. */
class EvaluationScoresTest {

  private static EvaluationScores.Scores fixture(int maxErrors) {
    return new EvaluationScores(maxErrors)
        .add(
            "s1",
            List.of("John", "lives", "in", "New", "York"),
            List.of("B-PER", "O", "O", "B-LOC", "I-LOC"),
            List.of("B-PER", "O", "O", "B-LOC", "O"))
        .add(
            "s2",
            List.of("Acme", "hired", "Mary"),
            List.of("B-ORG", "O", "B-PER"),
            List.of("B-PER", "O", "B-PER"))
        .add("s3", List.of("Nothing", "here"), List.of("O", "O"), List.of("O", "O"))
        .scores();
  }

  @Test
  void microAndPerTypeFiguresMatchHandComputation() {
    EvaluationScores.Scores s = fixture(10);
    // gold: PER 2, LOC 1, ORG 1; predicted: PER 3, LOC 1; correct: PER 2.
    assertEquals(0.5, s.report().micro().precision(), 1e-12);
    assertEquals(0.5, s.report().micro().recall(), 1e-12);
    assertEquals(0.5, s.report().micro().f1(), 1e-12);
    assertEquals(4, s.report().micro().support());
    PrfScore per = s.report().type("PER");
    assertEquals(2.0 / 3.0, per.precision(), 1e-12);
    assertEquals(1.0, per.recall(), 1e-12);
    assertEquals(0.8, per.f1(), 1e-12);
    assertEquals(2, per.support());
    assertEquals(0.0, s.report().type("LOC").f1(), 0.0);
    assertEquals(1, s.report().type("LOC").support());
    assertEquals(0.0, s.report().type("ORG").precision(), 0.0);
    assertEquals(1, s.report().type("ORG").support());
    assertEquals(0.8, s.report().tokenAccuracy(), 1e-12);
    assertEquals(3, s.report().sentences());
  }

  @Test
  void confusionAndErrorCounts() {
    EvaluationScores.Scores s = fixture(10);
    assertEquals(2, s.falsePositives());
    assertEquals(2, s.falseNegatives());
    assertEquals(2, s.confusion().count("PER", "PER"));
    assertEquals(1, s.confusion().count("ORG", "PER"));
    assertEquals(1, s.confusion().missed("LOC"));
    assertEquals(1, s.confusion().missedWithBoundaryError("LOC"));
    assertEquals(1, s.confusion().spurious("LOC"));
    assertEquals(0, s.confusion().spurious("PER"));
  }

  @Test
  void errorSamplesInSentenceOrderWithTheirWords() {
    EvaluationScores.Scores s = fixture(3);
    assertEquals(3, s.errors().size());
    ErrorSample fp = s.errors().get(0);
    assertEquals(List.of("FP", "s1", "LOC", 3, 3, "New"), key(fp));
    ErrorSample fn = s.errors().get(1);
    assertEquals(List.of("FN", "s1", "LOC", 3, 4, "New York"), key(fn));
    assertEquals(List.of("John", "lives", "in", "New", "York"), fn.tokens());
    assertEquals(List.of("FP", "s2", "PER", 0, 0, "Acme"), key(s.errors().get(2)));
  }

  private static List<Object> key(ErrorSample e) {
    return List.of(e.kind(), e.sentenceId(), e.type(), e.start(), e.end(), e.text());
  }

  @Test
  void windowsOfASentenceAreJoinedBeforeChunking() {
    List<String> labels = List.of("O", "B-LOC", "I-LOC");
    // One sentence in two windows; the LOC entity crosses the boundary (words 1..2).
    List<EncodedSentence> windows = List.of(window("a", 1, 1, 2), window("a", 0, 0, 2));
    List<int[]> gold = List.of(new int[] {2, 0}, new int[] {0, 1});
    List<int[]> predicted = List.of(new int[] {2, 0}, new int[] {0, 1});
    EvaluationScores.Scores s =
        EvaluationScores.ofWindows(windows, gold, predicted, labels, labels, Map.of(), 5);
    assertEquals(1, s.report().micro().support());
    assertEquals(1.0, s.report().micro().f1(), 0.0);
    assertEquals(1, s.report().sentences());
    // A wrong end on the second window: one FP and one FN, words unknown.
    List<int[]> wrong = List.of(new int[] {0, 0}, new int[] {0, 1});
    EvaluationScores.Scores w =
        EvaluationScores.ofWindows(windows, gold, wrong, labels, labels, Map.of(), 5);
    assertEquals(0.0, w.report().micro().f1(), 0.0);
    assertEquals(1, w.falsePositives());
    assertEquals(1, w.falseNegatives());
    assertNull(w.errors().get(0).text());
  }

  @Test
  void predictedIdsMayIndexAnotherLabelList() {
    List<String> corpus = List.of("O", "B-PER", "I-PER");
    List<String> model = List.of("B-PER", "I-PER", "O");
    List<EncodedSentence> windows = List.of(window("b", 0, 0, 2));
    EvaluationScores.Scores s =
        EvaluationScores.ofWindows(
            windows,
            List.of(new int[] {1, 2}),
            List.of(new int[] {0, 1}),
            corpus,
            model,
            Map.of("b", List.of("Ada", "Lovelace")),
            5);
    assertEquals(1.0, s.report().micro().f1(), 0.0);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            EvaluationScores.ofWindows(
                windows,
                List.of(new int[] {1, 2}),
                List.of(new int[] {0, 7}),
                corpus,
                model,
                Map.of(),
                5));
  }

  private static EncodedSentence window(String sentence, int window, int wordStart, int words) {
    return EncodedSentence.newBuilder()
        .setId(sentence + "#" + window)
        .setSentenceId(sentence)
        .setLang("xx")
        .setSplit("dev")
        .setWindow(window)
        .setWindows(2)
        .setWordStart(wordStart)
        .setNumWords(words)
        .setInputIds(List.of())
        .setLabelIds(List.of())
        .setWordIds(List.of())
        .setLength(0)
        .build();
  }
}

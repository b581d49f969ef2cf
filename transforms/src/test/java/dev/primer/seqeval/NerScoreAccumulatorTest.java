package dev.primer.seqeval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NerScoreAccumulatorTest {

  private static NerReport score(List<List<String>> gold, List<List<String>> pred) {
    NerScoreAccumulator acc = new NerScoreAccumulator();
    for (int i = 0; i < gold.size(); i++) {
      acc.add(gold.get(i), pred.get(i));
    }
    return acc.report();
  }

  private static void assertPrf(PrfScore s, double p, double r, double f, long support) {
    assertEquals(p, s.precision(), 0.0, "precision");
    assertEquals(r, s.recall(), 0.0, "recall");
    assertEquals(f, s.f1(), 0.0, "f1");
    assertEquals(support, s.support(), "support");
  }

  /** The example of seqeval's README and classification_report docstring. */
  @Test
  void seqevalReadmeExample() {
    NerReport report =
        score(
            List.of(
                List.of("O", "O", "O", "B-MISC", "I-MISC", "I-MISC", "O"),
                List.of("B-PER", "I-PER", "O")),
            List.of(
                List.of("O", "O", "B-MISC", "I-MISC", "I-MISC", "I-MISC", "O"),
                List.of("B-PER", "I-PER", "O")));
    assertPrf(report.type("MISC"), 0.0, 0.0, 0.0, 1);
    assertPrf(report.type("PER"), 1.0, 1.0, 1.0, 1);
    assertPrf(report.micro(), 0.5, 0.5, 0.5, 2);
    assertPrf(report.macro(), 0.5, 0.5, 0.5, 2);
    assertPrf(report.weighted(), 0.5, 0.5, 0.5, 2);
    assertEquals(0.8, report.tokenAccuracy(), 0.0);
    String expected =
        "              precision    recall  f1-score   support\n"
            + "\n"
            + "        MISC       0.00      0.00      0.00         1\n"
            + "         PER       1.00      1.00      1.00         1\n"
            + "\n"
            + "   micro avg       0.50      0.50      0.50         2\n"
            + "   macro avg       0.50      0.50      0.50         2\n"
            + "weighted avg       0.50      0.50      0.50         2\n";
    assertEquals(expected, report.format(2));
  }

  /** The example of seqeval's f1_score docstring: micro 2/3, macro 0.75, per type [0.5, 1]. */
  @Test
  void seqevalF1DocstringExample() {
    NerReport report =
        score(
            List.of(
                List.of("O", "O", "B-MISC", "I-MISC", "B-MISC", "O", "O"),
                List.of("B-PER", "I-PER", "O")),
            List.of(
                List.of("O", "O", "B-MISC", "I-MISC", "B-MISC", "I-MISC", "O"),
                List.of("B-PER", "I-PER", "O")));
    assertEquals(0.6666666666666666, report.micro().f1(), 0.0);
    assertEquals(0.75, report.macro().f1(), 0.0);
    assertEquals(0.6666666666666666, report.weighted().f1(), 0.0);
    assertPrf(report.type("MISC"), 0.5, 0.5, 0.5, 2);
    assertPrf(report.type("PER"), 1.0, 1.0, 1.0, 1);
  }

  @Test
  void brokenSpanStartingWithInsideMatchesTheBeginVersion() {
    NerReport report =
        score(
            List.of(List.of("O", "I-PER", "I-PER", "O")),
            List.of(List.of("O", "B-PER", "I-PER", "O")));
    assertPrf(report.micro(), 1.0, 1.0, 1.0, 1);
    // One token differs, the entity is the same.
    assertEquals(0.75, report.tokenAccuracy(), 0.0);
  }

  @Test
  void typeMismatchCountsAsMissAndSpurious() {
    NerReport report =
        score(
            List.of(List.of("B-PER", "I-PER", "O", "B-LOC")),
            List.of(List.of("B-ORG", "I-ORG", "O", "B-LOC")));
    assertEquals(List.of("LOC", "ORG", "PER"), new ArrayList<>(report.perType().keySet()));
    assertPrf(report.type("LOC"), 1.0, 1.0, 1.0, 1);
    // A type only predicted is a row with support 0: precision 0 of 1 prediction, recall 0/0 -> 0.
    assertPrf(report.type("ORG"), 0.0, 0.0, 0.0, 0);
    assertPrf(report.type("PER"), 0.0, 0.0, 0.0, 1);
    assertPrf(report.micro(), 0.5, 0.5, 0.5, 2);
    assertPrf(report.macro(), 1.0 / 3, 1.0 / 3, 1.0 / 3, 2);
    // Weighted by support 1, 0, 1.
    assertPrf(report.weighted(), 0.5, 0.5, 0.5, 2);
  }

  @Test
  void partialOverlapAtSentenceEndIsWrong() {
    NerReport report =
        score(List.of(List.of("O", "B-LOC", "I-LOC")), List.of(List.of("O", "O", "B-LOC")));
    assertPrf(report.micro(), 0.0, 0.0, 0.0, 1);
    assertPrf(report.type("LOC"), 0.0, 0.0, 0.0, 1);
  }

  @Test
  void allOutsidePredictionGivesZeroPrecisionWithoutError() {
    NerReport report =
        score(
            List.of(List.of("B-PER", "O"), List.of("O", "O"), List.of("B-LOC", "I-LOC")),
            List.of(List.of("O", "O"), List.of("O", "O"), List.of("O", "O")));
    assertPrf(report.micro(), 0.0, 0.0, 0.0, 2);
    assertPrf(report.macro(), 0.0, 0.0, 0.0, 2);
    assertPrf(report.weighted(), 0.0, 0.0, 0.0, 2);
    assertEquals(3, report.sentences());
    assertEquals(6, report.tokens());
  }

  @Test
  void sentencesWithoutEntitiesDoNotChangeScores() {
    NerReport with =
        score(
            List.of(List.of("B-PER", "O"), List.of("O", "O", "O")),
            List.of(List.of("B-PER", "O"), List.of("O", "O", "O")));
    assertPrf(with.micro(), 1.0, 1.0, 1.0, 1);
  }

  @Test
  void noEntitiesAnywhere() {
    NerReport report = score(List.of(List.of("O", "O")), List.of(List.of("O", "O")));
    assertTrue(report.perType().isEmpty());
    assertPrf(report.micro(), 0.0, 0.0, 0.0, 0);
    // NumPy's mean of an empty array.
    assertTrue(Double.isNaN(report.macro().f1()));
    assertPrf(report.weighted(), 0.0, 0.0, 0.0, 0);
    assertNull(report.type("PER"));
  }

  @Test
  void onlySpuriousPredictions() {
    NerReport report = score(List.of(List.of("O", "O")), List.of(List.of("B-PER", "O")));
    assertPrf(report.type("PER"), 0.0, 0.0, 0.0, 0);
    assertPrf(report.micro(), 0.0, 0.0, 0.0, 0);
    assertPrf(report.weighted(), 0.0, 0.0, 0.0, 0);
  }

  /**
   * Ten types: averages follow NumPy's pairwise summation. Expected figures computed with seqeval's
   * algorithm on NumPy 2.4.
   */
  @Test
  void manyTypesAveragesMatchNumpy() {
    List<List<String>> gold = new ArrayList<>();
    List<List<String>> pred = new ArrayList<>();
    for (int k = 0; k < 10; k++) {
      List<String> g = new ArrayList<>();
      List<String> p = new ArrayList<>();
      String b = "B-T" + k;
      for (int j = 0; j <= k; j++) {
        g.add(b);
        g.add("O");
        p.add((j * 3 + k) % 4 != 0 ? b : "O");
        p.add((j + k) % 3 == 0 ? b : "O");
      }
      gold.add(g);
      pred.add(p);
    }
    NerReport report = score(gold, pred);
    assertPrf(report.micro(), 0.6607142857142857, 0.6727272727272727, 0.6666666666666666, 55);
    assertPrf(report.macro(), 0.6361363636363637, 0.6014285714285714, 0.6083333333333333, 55);
    assertPrf(report.weighted(), 0.670702479338843, 0.6727272727272727, 0.6666666666666666, 55);
  }

  @Test
  void mergeEqualsSequentialAdds() {
    List<List<String>> gold =
        List.of(
            List.of("B-PER", "I-PER", "O"), List.of("O", "B-LOC"), List.of("I-ORG", "O", "B-PER"));
    List<List<String>> pred =
        List.of(
            List.of("B-PER", "I-PER", "O"), List.of("B-LOC", "O"), List.of("B-ORG", "O", "B-LOC"));
    NerScoreAccumulator all = new NerScoreAccumulator();
    NerScoreAccumulator left = new NerScoreAccumulator();
    NerScoreAccumulator right = new NerScoreAccumulator();
    for (int i = 0; i < gold.size(); i++) {
      all.add(gold.get(i), pred.get(i));
      (i == 0 ? left : right).add(gold.get(i), pred.get(i));
    }
    NerReport merged = left.merge(right).report();
    assertEquals(all.report().asMap(), merged.asMap());
    assertEquals(all.report().tokenAccuracy(), merged.tokenAccuracy(), 0.0);
    assertPrf(merged.micro(), 0.5, 0.5, 0.5, 4);
  }

  @Test
  void survivesJavaSerialization() throws Exception {
    NerScoreAccumulator acc =
        new NerScoreAccumulator().add(List.of("B-PER", "O"), List.of("B-PER", "B-LOC"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(acc);
    }
    NerScoreAccumulator copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (NerScoreAccumulator) in.readObject();
    }
    assertEquals(acc.report().asMap(), copy.report().asMap());
    assertPrf(copy.report().micro(), 0.5, 1.0, 2.0 / 3, 1);
  }

  @Test
  void lengthMismatchIsRejected() {
    NerScoreAccumulator acc = new NerScoreAccumulator();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> acc.add(List.of("O", "O"), List.of("O")));
    assertTrue(e.getMessage().contains("2 vs 1"), e.getMessage());
  }

  @Test
  void formatRoundsHalfEvenLikePython() {
    // precision 1/8 = 0.125 exactly: Python's '{:.2f}' gives 0.12.
    List<String> gold = new ArrayList<>();
    List<String> pred = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      gold.add(i == 0 ? "B-PER" : "O");
      pred.add("B-PER");
    }
    NerReport report = score(List.of(gold), List.of(pred));
    assertEquals(0.125, report.micro().precision(), 0.0);
    assertTrue(
        report.format(2).contains("   micro avg       0.12      1.00      0.22         1"),
        report.format(2));
  }

  @Test
  void tagIdsThroughTheLabelList() {
    List<String> labels = List.of("O", "B-PER", "I-PER", "B-LOC");
    NerReport report =
        new NerScoreAccumulator()
            .add(new int[] {1, 2, 0, 3}, new int[] {1, 2, 0, 0}, labels)
            .report();
    assertPrf(report.micro(), 1.0, 0.5, 2.0 / 3, 2);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new NerScoreAccumulator().add(new int[] {4}, new int[] {0}, labels));
    assertEquals("Tag id 4 is out of the label list 0..3", e.getMessage());
  }
}

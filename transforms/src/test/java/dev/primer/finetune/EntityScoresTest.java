package dev.primer.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.primer.schemas.EncodedSentence;
import dev.primer.seqeval.NerReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntityScoresTest {

  private static final List<String> LABELS = List.of("O", "B-LOC", "I-LOC", "B-PER", "I-PER");

  @Test
  void entityAcrossAWindowBoundaryCountsOnce() {
    // Sentence s1 = [B-PER I-PER | I-PER O] cut into two windows; s2 = [B-LOC] one window.
    List<EncodedSentence> windows =
        List.of(
            FewShotTest.window("s2", 0, 1),
            FewShotTest.window("s1", 1, 2),
            FewShotTest.window("s1", 0, 2));
    List<int[]> gold = List.of(new int[] {1}, new int[] {4, 0}, new int[] {3, 4});
    // Prediction gets the PER entity right as a whole, the LOC wrong.
    List<int[]> predicted = List.of(new int[] {0}, new int[] {4, 0}, new int[] {3, 4});
    NerReport report = EntityScores.report(windows, gold, predicted, LABELS);
    assertEquals(1, report.type("PER").support());
    assertEquals(1.0, report.type("PER").f1());
    assertEquals(0.0, report.type("LOC").f1());
    // micro: 1 correct of 1 predicted, 2 gold
    assertEquals(1.0, report.micro().precision());
    assertEquals(0.5, report.micro().recall());
    assertEquals(2.0 / 3.0, report.micro().f1(), 1e-15);
    assertEquals(2.0 / 3.0, EntityScores.microF1(windows, LABELS).score(gold, predicted), 1e-15);
  }

  @Test
  void scoringWindowsSeparatelyWouldSplitTheEntity() {
    // The same PER entity scored per window would be two gold entities; stitched it is one.
    List<EncodedSentence> windows =
        List.of(FewShotTest.window("s1", 0, 2), FewShotTest.window("s1", 1, 2));
    List<int[]> gold = List.of(new int[] {3, 4}, new int[] {4, 0});
    NerReport report = EntityScores.report(windows, gold, gold, LABELS);
    assertEquals(1, report.micro().support());
  }
}

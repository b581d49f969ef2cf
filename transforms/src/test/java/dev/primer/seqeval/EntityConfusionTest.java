package dev.primer.seqeval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EntityConfusionTest {

  @Test
  void countsCorrectConfusedMissedAndSpurious() {
    EntityConfusion table = new EntityConfusion();
    // PER correct; LOC predicted as ORG (same boundaries); MISC missed; spurious PER at the end.
    table.add(
        List.of("B-PER", "I-PER", "O", "B-LOC", "O", "B-MISC", "O"),
        List.of("B-PER", "I-PER", "O", "B-ORG", "O", "O", "B-PER"));
    assertEquals(1, table.count("PER", "PER"));
    assertEquals(1, table.count("LOC", "ORG"));
    assertEquals(0, table.count("LOC", "LOC"));
    assertEquals(1, table.missed("MISC"));
    assertEquals(1, table.spurious("PER"));
    assertEquals(0, table.missedWithBoundaryError("MISC"));
    assertEquals(Set.of("LOC", "MISC", "ORG", "PER"), table.types());
  }

  @Test
  void boundaryErrorsAreMissPlusSpuriousWithOverlap() {
    EntityConfusion table = new EntityConfusion();
    table.add(List.of("B-ORG", "I-ORG", "I-ORG"), List.of("B-ORG", "I-ORG", "O"));
    assertEquals(0, table.count("ORG", "ORG"));
    assertEquals(1, table.missed("ORG"));
    assertEquals(1, table.spurious("ORG"));
    assertEquals(1, table.missedWithBoundaryError("ORG"));
    assertEquals(1, table.spuriousWithBoundaryError("ORG"));
  }

  @Test
  void mergeAddsCells() {
    EntityConfusion a = new EntityConfusion().add(List.of("B-PER"), List.of("B-LOC"));
    EntityConfusion b = new EntityConfusion().add(List.of("B-PER"), List.of("B-LOC"));
    b.add(List.of("B-PER", "O"), List.of("O", "O"));
    a.merge(b);
    assertEquals(2, a.count("PER", "LOC"));
    assertEquals(1, a.missed("PER"));
    String expected =
        "gold\\pred       LOC       PER         O\n"
            + "      LOC         0         0         0\n"
            + "      PER         2         0         1\n"
            + "        O         0         0         -\n";
    assertEquals(expected, a.format());
  }
}

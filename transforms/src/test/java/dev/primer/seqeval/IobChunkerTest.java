package dev.primer.seqeval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class IobChunkerTest {

  private static List<EntitySpan> chunks(String... tags) {
    return IobChunker.chunks(List.of(tags));
  }

  private static EntitySpan span(String type, int start, int end) {
    return new EntitySpan(type, start, end);
  }

  @Test
  void seqevalDocstringExample() {
    assertEquals(
        List.of(span("PER", 0, 1), span("LOC", 3, 3)), chunks("B-PER", "I-PER", "O", "B-LOC"));
  }

  @Test
  void loneInsideTagIsAnEntity() {
    assertEquals(List.of(span("PER", 0, 0)), chunks("I-PER"));
    assertEquals(List.of(span("PER", 1, 2)), chunks("O", "I-PER", "I-PER", "O"));
  }

  @Test
  void typeChangeEndsAndStartsAChunk() {
    assertEquals(List.of(span("PER", 0, 0), span("LOC", 1, 1)), chunks("B-PER", "I-LOC"));
    assertEquals(
        List.of(span("PER", 0, 1), span("LOC", 2, 2), span("PER", 3, 3)),
        chunks("B-PER", "I-PER", "I-LOC", "I-PER"));
  }

  @Test
  void beginAfterBeginStartsANewChunk() {
    assertEquals(List.of(span("PER", 0, 0), span("PER", 1, 2)), chunks("B-PER", "B-PER", "I-PER"));
  }

  @Test
  void chunkAtSentenceEnd() {
    assertEquals(List.of(span("LOC", 1, 2)), chunks("O", "B-LOC", "I-LOC"));
  }

  @Test
  void noEntities() {
    assertTrue(chunks("O", "O", "O").isEmpty());
    assertTrue(chunks().isEmpty());
  }

  @Test
  void iobesTagsAsSeqevalDefault() {
    assertEquals(
        List.of(span("PER", 0, 1), span("LOC", 2, 2), span("ORG", 3, 3)),
        chunks("B-PER", "E-PER", "S-LOC", "E-ORG"));
    // E- closes a chunk: a following I- of the same type starts a new one.
    assertEquals(List.of(span("PER", 0, 1), span("PER", 2, 2)), chunks("B-PER", "E-PER", "I-PER"));
  }

  @Test
  void tagsWithoutTypeOrWithDashesInType() {
    assertEquals(List.of(span("_", 0, 1)), chunks("B", "I"));
    assertEquals(List.of(span("PER-X", 0, 1)), chunks("B-PER-X", "I-PER-X"));
  }

  @Test
  void invalidTagIsRejectedWithItsPosition() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> chunks("O", "PER"));
    assertTrue(e.getMessage().contains("'PER' at position 1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> chunks("O-PER"));
    assertThrows(IllegalArgumentException.class, () -> chunks(""));
  }
}

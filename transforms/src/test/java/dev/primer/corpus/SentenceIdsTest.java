package dev.primer.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SentenceIdsTest {
  private static final List<String> TOKENS = List.of("Paris", "is", "nice");
  private static final List<String> TAGS = List.of("B-LOC", "O", "O");

  @Test
  void idIsAFixedFunctionOfTheContent() {
    String id = SentenceIds.of("en", "train", TOKENS, TAGS);
    // golden value (computed independently with Python's hashlib): ids must not change between
    // releases, or staged outputs of two versions stop deduplicating against each other
    assertEquals("669d7480ffe9fbd3d233a80744ba9ac1", id);
    assertEquals(id, SentenceIds.of("en", "train", List.copyOf(TOKENS), List.copyOf(TAGS)));
  }

  @Test
  void copyIdIsAFixedFunctionOfTheIdAndTheCopyNumber() {
    // golden value (Python: sha256(len-prefixed id + 4-byte big-endian k), first 16 bytes as hex)
    assertEquals(
        "44f09061a46ca45a5a8c3218c7d9f3af",
        SentenceIds.ofCopy("669d7480ffe9fbd3d233a80744ba9ac1", 2));
    assertNotEquals(
        SentenceIds.ofCopy("669d7480ffe9fbd3d233a80744ba9ac1", 2),
        SentenceIds.ofCopy("669d7480ffe9fbd3d233a80744ba9ac1", 3));
  }

  @Test
  void everyFieldAndEveryBoundaryCounts() {
    String id = SentenceIds.of("en", "train", TOKENS, TAGS);
    assertNotEquals(id, SentenceIds.of("de", "train", TOKENS, TAGS));
    assertNotEquals(id, SentenceIds.of("en", "dev", TOKENS, TAGS));
    assertNotEquals(id, SentenceIds.of("en", "train", TOKENS, List.of("B-LOC", "O", "B-LOC")));
    assertNotEquals(
        SentenceIds.of("en", "train", List.of("ab", "c"), List.of("O", "O")),
        SentenceIds.of("en", "train", List.of("a", "bc"), List.of("O", "O")));
    // tokens and tags do not slide into each other
    assertNotEquals(
        SentenceIds.of("en", "train", List.of("O", "O"), List.of("O", "O")),
        SentenceIds.of("en", "train", List.of("O"), List.of("O", "O", "O")));
  }
}

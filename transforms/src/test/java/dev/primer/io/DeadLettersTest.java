package dev.primer.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.schemas.DeadLetter;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

  @Test
  void keepsPositionAndTruncatesLongRawText() {
    String raw = "x".repeat(DeadLetters.MAX_RAW_CHARS + 10);
    DeadLetter letter =
        DeadLetters.of("stage", "file:///a.tsv", 12, 340, raw, "EMPTY_TOKEN", "empty", "en");
    assertEquals(12, letter.getLine());
    assertEquals(340, letter.getByteOffset());
    assertEquals("en", letter.getLang());
    assertTrue(letter.getRaw().startsWith("x".repeat(DeadLetters.MAX_RAW_CHARS)));
    assertTrue(letter.getRaw().endsWith("[10 more chars]"));
  }

  @Test
  void recordLettersHaveNoLinePosition() {
    DeadLetter letter = DeadLetters.ofRecord("encode", "s1#0", "a b", "NO_PIECES", "d", null);
    assertEquals(-1, letter.getLine());
    assertEquals(-1, letter.getByteOffset());
    assertEquals("s1#0", letter.getSource());
  }
}

package dev.primer.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class BertNormalizerTest {

  @Test
  void casedKeepsCaseAndAccentsAndSpacesOutCjk() {
    BertNormalizer n = new BertNormalizer(BertNormalizerOptions.cased());
    assertEquals("Lindström", n.normalize("Lindström"));
    assertEquals(" 東  京  都 ", n.normalize("東京\u200b都"));
    assertEquals("a b", n.normalize("a\u00a0b"));
    assertEquals("ab", n.normalize("a\u0000\u00adb\ufffd"));
  }

  @Test
  void uncasedLowercasesAndStripsAccentsWithoutContext() {
    BertNormalizer n = new BertNormalizer(BertNormalizerOptions.uncased());
    assertEquals("lindstrom", n.normalize("Lindström"));
    // Rust lowercases per character: no final sigma.
    assertEquals("οδοσ", n.normalize("ΟΔΟΣ"));
    // Accents are stripped before lowercasing: İ decomposes to I + U+0307, the mark goes.
    assertEquals("istanbul", n.normalize("İstanbul"));
    // Without stripping, İ lowercases to i + U+0307 as Rust's char::to_lowercase does.
    assertEquals(
        "i\u0307stanbul",
        new BertNormalizer(new BertNormalizerOptions(true, true, false, true))
            .normalize("İstanbul"));
  }

  @Test
  void stripAccentsFollowsLowercaseWhenUnset() {
    assertEquals(
        "Lindstrom",
        new BertNormalizer(new BertNormalizerOptions(true, true, true, false))
            .normalize("Lindström"));
    assertEquals(
        "lindström",
        new BertNormalizer(new BertNormalizerOptions(true, true, false, true))
            .normalize("Lindström"));
  }

  @Test
  void preTokenizerSplitsWhitespaceAndIsolatesPunctuation() {
    assertEquals(List.of("U", ".", "S", ".", "A", "."), BertPreTokenizer.split("U.S.A."));
    assertEquals(
        List.of("Hey", "friend", "!", "How", "$", "5"),
        BertPreTokenizer.split("Hey friend! How $5"));
    assertEquals(List.of("東", "京"), BertPreTokenizer.split(" 東  京 "));
    assertEquals(List.of("«", "Wort", "»"), BertPreTokenizer.split("«Wort»"));
    assertEquals(List.of(), BertPreTokenizer.split("  "));
  }
}

package dev.primer.vocab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class HfSubwordTokenizerTest {

  @Test
  void tinyFixtureSplitsKnownWordsAndKeepsWordBoundaries() throws Exception {
    try (HfSubwordTokenizer t = HfSubwordTokenizer.load(Fixtures.tinyTokenizer())) {
      assertArrayEquals(new int[] {2}, t.prefixIds());
      assertArrayEquals(new int[] {3}, t.suffixIds());
      assertEquals(1, t.unkId());
      assertEquals(93, t.vocabSize());
      List<List<String>> pieces =
          t.tokenizeToPieces(
              List.of("Lindström", "lives", "in", "東京都", "U.S.", "\u200b", "Stockholm", "Q"));
      assertEquals(List.of("Lin", "##ds", "##tröm"), pieces.get(0));
      assertEquals(List.of("lives"), pieces.get(1));
      assertEquals(List.of("in"), pieces.get(2));
      assertEquals(List.of("東", "京", "都"), pieces.get(3));
      assertEquals(List.of("U", ".", "S", "."), pieces.get(4));
      assertEquals(List.of(), pieces.get(5), "zero-width space normalizes to nothing");
      assertEquals(List.of("Stockholm"), pieces.get(6));
      assertEquals(List.of("[UNK]"), pieces.get(7), "Q is not in the fixture's alphabet");
    }
  }

  @Test
  void mbertSplitsAccentsCjkAndLongWords() throws Exception {
    try (HfSubwordTokenizer t = HfSubwordTokenizer.load(Fixtures.mbertTokenizer())) {
      assertArrayEquals(new int[] {101}, t.prefixIds());
      assertArrayEquals(new int[] {102}, t.suffixIds());
      assertEquals(100, t.unkId());
      assertEquals(119547, t.vocabSize());
      List<List<String>> pieces =
          t.tokenizeToPieces(
              List.of(
                  "Lindström",
                  "東京都",
                  "Donaudampfschifffahrtsgesellschaftskapitän",
                  "\u00ad",
                  "x".repeat(101)));
      assertEquals(List.of("Lin", "##ds", "##tröm"), pieces.get(0));
      assertEquals(List.of("東", "京", "都"), pieces.get(1));
      assertEquals(
          "Donaudampfschifffahrtsgesellschaftskapitän",
          String.join("", pieces.get(2)).replace("##", ""));
      assertEquals(List.of(), pieces.get(3), "soft hyphen alone normalizes to nothing");
      assertEquals(List.of("[UNK]"), pieces.get(4), "over max_input_chars_per_word");
    }
  }
}

package dev.primer.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java normalizer and pre-tokenizer must cut text exactly as the Rust tokenizer does, or a
 * learned vocabulary would miss pieces. Each check builds a tokenizer whose vocabulary holds every
 * Java-produced unit as a whole piece; DJL must then return exactly those units.
 */
class PreTokenizationParityTest {

  @TempDir Path tmp;

  private static final List<String> TRICKY =
      List.of(
          "Lindström",
          "U.S.A.",
          "東京都庁",
          "O'Brien-Smith",
          "naïve café",
          "ΟΔΟΣ",
          "İstanbul",
          "Straße",
          "a\u00a0b\u3000c",
          "x\u200by",
          "soft\u00adhyphen",
          "tab\there",
          "«quoted»",
          "$5+3=8",
          "emoji😀here",
          "ﬁnance",
          "Ǆemal",
          "日本語とカタカナ",
          "한국어",
          "عربي،نص",
          "हिन्दी",
          "e\u0301");

  @Test
  void casedMatchesRust() throws Exception {
    assertParity(BertNormalizerOptions.cased(), words());
  }

  @Test
  void uncasedMatchesRust() throws Exception {
    assertParity(BertNormalizerOptions.uncased(), words());
  }

  @Test
  void noChineseSplittingNoCleaningMatchesRust() throws Exception {
    assertParity(new BertNormalizerOptions(false, false, false, false), TRICKY);
  }

  private static List<String> words() {
    List<String> words = new ArrayList<>(TRICKY);
    if (Fixtures.sharedDir() != null) {
      for (String lang : List.of("ar", "hi", "ja", "ko", "el", "ru", "vi", "my")) {
        Path file = Fixtures.sharedDir().resolve("data/ner/panx/dev-" + lang + ".tsv.gz");
        if (Files.isRegularFile(file)) {
          Fixtures.readPanx(file, lang, "dev", 200).forEach(s -> words.addAll(s.getTokens()));
        }
      }
    }
    return words;
  }

  private void assertParity(BertNormalizerOptions options, List<String> words) throws Exception {
    BertNormalizer normalizer = new BertNormalizer(options);
    List<List<String>> expected = new ArrayList<>();
    Set<String> pieces = new LinkedHashSet<>(SpecialTokens.ALL);
    for (String w : words) {
      List<String> units = BertPreTokenizer.split(normalizer.normalize(w));
      expected.add(units);
      pieces.addAll(units);
    }
    Path file = tmp.resolve("parity.json");
    Files.writeString(file, BertWordPieceJson.build(new ArrayList<>(pieces), options).toJson());
    try (HfSubwordTokenizer t = HfSubwordTokenizer.load(file)) {
      List<List<String>> actual = t.tokenizeToPieces(words);
      for (int i = 0; i < words.size(); i++) {
        assertEquals(expected.get(i), actual.get(i), "word '" + words.get(i) + "'");
      }
    }
  }
}

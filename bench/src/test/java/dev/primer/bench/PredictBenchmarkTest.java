package dev.primer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.predict.InputLine;
import dev.primer.predict.WordSegmenter;
import dev.primer.vocab.HfSubwordTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's fallback input (generated text and tokenizer) and its grouping into calls. */
class PredictBenchmarkTest {

  @TempDir Path dir;

  @Test
  void generatedTextIsFullyCoveredByItsTokenizer() throws Exception {
    PredictTexts texts = PredictTexts.generated(200);
    assertEquals(200, texts.lines().size());
    assertEquals(texts.lines(), PredictTexts.generated(200).lines());
    Path file = dir.resolve("tokenizer.json");
    Files.writeString(file, texts.tokenizerJson());
    try (HfSubwordTokenizer tokenizer = HfSubwordTokenizer.load(file)) {
      assertEquals("[PAD]", tokenizer.piece(0));
      long words = 0;
      long pieces = 0;
      for (InputLine line : texts.lines()) {
        List<String> w = WordSegmenter.segment(line.text()).stream().map(x -> x.text()).toList();
        assertTrue(w.size() >= 5, line.text());
        for (int[] ids : tokenizer.tokenizeWords(w)) {
          assertTrue(ids.length > 0);
          for (int id : ids) {
            assertTrue(id != tokenizer.unkId(), "[UNK] in " + line.text());
          }
          words++;
          pieces += ids.length;
        }
      }
      assertTrue(pieces > words, "words split into subwords: " + pieces + " pieces, " + words);
    }
  }

  @Test
  void callsGroupLinesByLanguageInOrder() {
    List<InputLine> lines =
        List.of(
            new InputLine("f", 1, "aa", "x"),
            new InputLine("f", 2, "bb", "y"),
            new InputLine("f", 3, "aa", "z"),
            new InputLine("f", 4, "aa", "w"));
    List<List<InputLine>> calls = PredictBenchmark.calls(lines, 2);
    assertEquals(
        List.of(List.of(1L, 3L), List.of(4L), List.of(2L)),
        calls.stream().map(c -> c.stream().map(InputLine::line).toList()).toList());
  }

  @Test
  void missingPanxFallsBack() {
    assertNull(PredictTexts.panx(dir.resolve("absent"), List.of("en"), 10));
  }
}

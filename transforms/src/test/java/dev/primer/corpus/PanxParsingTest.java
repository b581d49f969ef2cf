package dev.primer.corpus;

import static dev.primer.corpus.Fixtures.assertDeadLetter;
import static dev.primer.corpus.Fixtures.assertSentence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.schemas.DeadLetter;
import dev.primer.schemas.Sentence;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PanxParsingTest {
  private final Path trainEn = Fixtures.resource("panx/train-en.tsv");

  @Test
  void parsesGoodSentencesAndRejectsMalformedOnes() {
    CollectingSink out = Fixtures.parse("panx:" + trainEn, trainEn);

    List<Sentence> s = out.sentences();
    assertEquals(4, s.size());
    assertSentence(s.get(0), List.of("Paris", "is", "nice"), List.of("B-LOC", "O", "O"), 1, 0);
    assertSentence(s.get(1), List.of("John", "Smith"), List.of("B-PER", "I-PER"), 5, 25);
    assertSentence(
        s.get(2),
        List.of("the", "Red", "Cross", "helps"),
        List.of("O", "B-ORG", "I-ORG", "O"),
        16,
        97);
    assertEquals(List.of("I_AFTER_O@1"), s.get(2).getRepairs());
    // the last line has no newline at the end of the file
    assertSentence(s.get(3), List.of("Paris", "is", "nice"), List.of("B-LOC", "O", "O"), 21, 134);
    for (Sentence sentence : s) {
      assertEquals("en", sentence.getLang());
      assertEquals("train", sentence.getSplit());
      assertEquals("panx", sentence.getCorpus());
      assertEquals(trainEn.toUri().toString(), sentence.getPosition().getSource());
    }
    assertEquals(
        List.of(0L, 1L, 5L, 6L), s.stream().map(x -> x.getPosition().getOrdinal()).toList());
    assertEquals(s.get(0).getId(), s.get(3).getId());
    assertNotEquals(s.get(0).getId(), s.get(1).getId());

    List<DeadLetter> d = out.deadLetters();
    assertEquals(3, d.size());
    assertDeadLetter(d.get(0), DeadLetterReason.WRONG_COLUMN_COUNT, 8, 49);
    assertEquals("broken line without tab\nx\tO", d.get(0).getRaw());
    assertTrue(d.get(0).getDetail().contains("found 1"), d.get(0).getDetail());
    assertDeadLetter(d.get(1), DeadLetterReason.EMPTY_TOKEN, 11, 78);
    assertEquals("\tO\ny\tO", d.get(1).getRaw());
    assertDeadLetter(d.get(2), DeadLetterReason.UNKNOWN_TAG, 14, 86);
    assertTrue(d.get(2).getDetail().contains("'E-LOC'"), d.get(2).getDetail());
    for (DeadLetter letter : d) {
      assertEquals(trainEn.toUri().toString(), letter.getSource());
      assertEquals("en", letter.getLang());
    }
  }

  @Test
  void deadLetterPolicyRejectsTheSentenceWithAnIAfterO() {
    CollectingSink out =
        Fixtures.parse(
            CorpusSpec.parse("panx:" + trainEn),
            trainEn,
            StageSettings.defaults().withIobPolicy(IobPolicy.DEAD_LETTER));

    assertEquals(3, out.sentences().size());
    assertEquals(4, out.deadLetters().size());
    DeadLetter invalid = out.deadLetters().get(3);
    assertDeadLetter(invalid, DeadLetterReason.INVALID_IOB, 17, 103);
    assertEquals("the\tO\nRed\tI-ORG\nCross\tI-ORG\nhelps\tO", invalid.getRaw());
    assertTrue(invalid.getDetail().contains("I-ORG follows O"), invalid.getDetail());
  }

  @Test
  void stripsTheLanguagePrefixAndTakesTheLanguageFromIt() {
    Path file = Fixtures.resource("panx/wikiann-sw.tsv");
    CollectingSink out = Fixtures.parse("panx,split=dev:" + file, file);

    List<Sentence> s = out.sentences();
    assertEquals(3, s.size());
    assertSentence(s.get(0), List.of("Nairobi", "ni", "mji"), List.of("B-LOC", "O", "O"), 1, 0);
    // only the file's own prefix is stripped, once
    assertSentence(s.get(1), List.of("Juma", "en:wiki"), List.of("B-PER", "O"), 5, 35);
    assertSentence(s.get(2), List.of("Kenya", "Airways"), List.of("B-LOC", "I-LOC"), 10, 70);
    s.forEach(x -> assertEquals("sw", x.getLang()));
    s.forEach(x -> assertEquals("dev", x.getSplit()));
    assertEquals(1, out.deadLetters().size());
    assertDeadLetter(out.deadLetters().get(0), DeadLetterReason.EMPTY_TOKEN, 8, 63);
    assertEquals("sw", out.deadLetters().get(0).getLang());
  }

  @Test
  void languageOfTheSpecWinsOverThePrefix() {
    Path file = Fixtures.resource("panx/wikiann-sw.tsv");
    CollectingSink out = Fixtures.parse("panx,lang=swa,split=dev:" + file, file);
    assertEquals(List.of("Nairobi", "ni", "mji"), out.sentences().get(0).getTokens());
    assertEquals("swa", out.sentences().get(0).getLang());
  }

  @Test
  void fileWithNeitherLanguageNameNorPrefixIsAUserError(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("wikiann.tsv");
    Files.write(file, "Paris\tB-LOC\n".getBytes(StandardCharsets.UTF_8));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Fixtures.parse("panx,split=train:" + file, file));
    assertTrue(e.getMessage().contains(file.toUri().toString()), e.getMessage());
    assertTrue(e.getMessage().contains("lang="), e.getMessage());
  }
}

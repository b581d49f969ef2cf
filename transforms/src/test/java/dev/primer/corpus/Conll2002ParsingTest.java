package dev.primer.corpus;

import static dev.primer.corpus.Fixtures.assertDeadLetter;
import static dev.primer.corpus.Fixtures.assertSentence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.schemas.DeadLetter;
import dev.primer.schemas.Sentence;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class Conll2002ParsingTest {

  @Test
  void spanishTrainWithTwoAndThreeColumns() {
    Path file = Fixtures.resource("conll2002/esp.train");
    CollectingSink out = Fixtures.parse("conll2002:" + file, file);

    List<Sentence> s = out.sentences();
    assertEquals(4, s.size());
    assertSentence(
        s.get(0),
        List.of("Melbourne", "(", "Australia", ")"),
        List.of("B-LOC", "O", "B-LOC", "O"),
        1,
        0);
    assertSentence(
        s.get(1), List.of("El", "Abogado", "General"), List.of("O", "B-PER", "I-PER"), 8, 58);
    assertSentence(s.get(2), List.of("Madrid"), List.of("B-LOC"), 17, 166);
    assertSentence(s.get(3), List.of("España"), List.of("B-LOC"), 19, 180);
    assertEquals(
        List.of(0L, 2L, 4L, 5L), s.stream().map(x -> x.getPosition().getOrdinal()).toList());
    s.forEach(x -> assertEquals("es", x.getLang()));
    s.forEach(x -> assertEquals("train", x.getSplit()));
    s.forEach(x -> assertEquals("conll2002", x.getCorpus()));

    List<DeadLetter> d = out.deadLetters();
    assertEquals(2, d.size());
    assertDeadLetter(d.get(0), DeadLetterReason.WRONG_COLUMN_COUNT, 6, 55);
    assertEquals("-", d.get(0).getRaw());
    assertDeadLetter(d.get(1), DeadLetterReason.WRONG_COLUMN_COUNT, 14, 128);
    assertEquals(
        "La DA O\nComisión NC B-ORG\nEuropea AQ I-ORG dijo ayer\nayer RG O", d.get(1).getRaw());
    assertTrue(d.get(1).getDetail().contains("found 5"), d.get(1).getDetail());
    assertEquals("es", d.get(1).getLang());
  }

  @Test
  void dutchDocstartLinesEndSentencesAndAreNotDeadLetters() {
    Path file = Fixtures.resource("conll2002/ned.testa");
    CollectingSink out = Fixtures.parse("conll2002:" + file, file);

    List<Sentence> s = out.sentences();
    assertEquals(3, s.size());
    assertSentence(s.get(0), List.of("De", "tekst"), List.of("O", "O"), 2, 24);
    assertSentence(s.get(1), List.of("Brussel", "is"), List.of("B-LOC", "O"), 5, 44);
    assertSentence(s.get(2), List.of("Jan", "zegt"), List.of("B-PER", "O"), 9, 92);
    s.forEach(x -> assertEquals("nl", x.getLang()));
    s.forEach(x -> assertEquals("dev", x.getSplit()));
    assertEquals(0, out.deadLetters().size());
  }

  @Test
  void fourColumnsAsInTheOriginalConll2003FilesReadTheLastColumn() {
    byte[] data =
        "EU NNP B-NP I-ORG\nrejects VBZ B-VP O\n\n"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    CollectingSink out =
        Fixtures.parseBytes(CorpusFormat.CONLL2002, data, StageSettings.defaults());
    assertEquals(List.of("EU", "rejects"), out.sentences().get(0).getTokens());
    assertEquals(List.of("B-ORG", "O"), out.sentences().get(0).getTags());
  }
}

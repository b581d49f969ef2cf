package dev.primer.corpus;

import static dev.primer.corpus.Fixtures.assertDeadLetter;
import static dev.primer.corpus.Fixtures.assertSentence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.schemas.Sentence;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnerParsingTest {

  @Test
  void commentLinesAreSkippedAndEndSentences() {
    Path file = Fixtures.resource("uner/UNER_Danish-DDT/da_ddt-ud-dev.iob2");
    CollectingSink out = Fixtures.parse("uner:" + file, file);

    List<Sentence> s = out.sentences();
    assertEquals(4, s.size());
    assertSentence(s.get(0), List.of("Hej", "Peter", "."), List.of("O", "B-PER", "O"), 4, 55);
    // ended by the '# sent_id' comment of the next sentence, without an empty line
    assertSentence(
        s.get(1),
        List.of("Han", "bor", "i", "København"),
        List.of("O", "O", "O", "B-LOC"),
        10,
        141);
    assertSentence(s.get(2), List.of("Novo", "Nordisk"), List.of("B-ORG", "I-ORG"), 16, 235);
    assertSentence(
        s.get(3), List.of("det", "Danske", "Bank"), List.of("O", "B-ORG", "I-ORG"), 24, 332);
    s.forEach(x -> assertEquals("da", x.getLang()));
    s.forEach(x -> assertEquals("dev", x.getSplit()));

    assertEquals(1, out.deadLetters().size());
    assertDeadLetter(out.deadLetters().get(0), DeadLetterReason.UNKNOWN_TAG, 20, 288);
    assertTrue(out.deadLetters().get(0).getDetail().contains("'PER'"));
    assertEquals("1\tAarhus\tPER\t-\t-\n2\tby\tO\t-\t-", out.deadLetters().get(0).getRaw());
  }
}

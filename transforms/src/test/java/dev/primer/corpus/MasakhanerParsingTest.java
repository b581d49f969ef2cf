package dev.primer.corpus;

import static dev.primer.corpus.Fixtures.assertDeadLetter;
import static dev.primer.corpus.Fixtures.assertSentence;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.primer.schemas.Sentence;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MasakhanerParsingTest {

  @Test
  void tokenTagLinesWithEmptyTokensAndTokensWithSpaces() {
    Path file = Fixtures.resource("masakhaner2/hau/train.txt");
    CollectingSink out = Fixtures.parse("masakhaner,name=masakhaner2:" + file, file);

    List<Sentence> s = out.sentences();
    assertEquals(3, s.size());
    assertSentence(s.get(0), List.of("Olurukoba", "ya", "ce"), List.of("B-PER", "O", "O"), 1, 0);
    // '#' is a token here, not a comment
    assertSentence(s.get(1), List.of("#", "Kano"), List.of("O", "B-LOC"), 11, 63);
    assertSentence(
        s.get(2), List.of("Abuja", "da", "Legas"), List.of("B-LOC", "O", "B-LOC"), 14, 79);
    s.forEach(x -> assertEquals("hau", x.getLang()));
    s.forEach(x -> assertEquals("masakhaner2", x.getCorpus()));

    assertEquals(2, out.deadLetters().size());
    assertDeadLetter(out.deadLetters().get(0), DeadLetterReason.EMPTY_TOKEN, 5, 27);
    assertEquals(" O\nkwastam O", out.deadLetters().get(0).getRaw());
    assertDeadLetter(out.deadLetters().get(1), DeadLetterReason.WRONG_COLUMN_COUNT, 8, 41);
    assertEquals("hau", out.deadLetters().get(1).getLang());
  }
}

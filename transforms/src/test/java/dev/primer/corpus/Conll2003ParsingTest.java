package dev.primer.corpus;

import static dev.primer.corpus.Fixtures.assertDeadLetter;
import static dev.primer.corpus.Fixtures.assertSentence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.schemas.Sentence;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class Conll2003ParsingTest {
  private final Path file = Fixtures.resource("conll2003/en/val.conllu");

  @Test
  void indexTokenTagLinesWithDocstarts() {
    CollectingSink out = Fixtures.parse("conll2003:" + file, file);

    List<Sentence> s = out.sentences();
    assertEquals(4, s.size());
    assertSentence(
        s.get(0),
        List.of("EU", "rejects", "German", "call"),
        List.of("B-ORG", "O", "B-MISC", "O"),
        3,
        16);
    assertSentence(s.get(1), List.of("Peter", "Blackburn"), List.of("B-PER", "I-PER"), 8, 65);
    // an I- tag after another type starts a new entity
    assertSentence(
        s.get(2),
        List.of("Czech", "Daniel", "Vacek"),
        List.of("B-MISC", "B-PER", "I-PER"),
        14,
        129);
    assertEquals(List.of("I_AFTER_OTHER@1"), s.get(2).getRepairs());
    assertSentence(s.get(3), List.of("Peter", "Blackburn"), List.of("B-PER", "I-PER"), 20, 190);
    assertEquals(s.get(1).getId(), s.get(3).getId());
    s.forEach(x -> assertEquals("en", x.getLang()));
    s.forEach(x -> assertEquals("dev", x.getSplit()));

    assertEquals(1, out.deadLetters().size());
    assertDeadLetter(out.deadLetters().get(0), DeadLetterReason.WRONG_COLUMN_COUNT, 12, 115);
    assertTrue(out.deadLetters().get(0).getDetail().contains("found 2"));
  }

  @Test
  void iob1SpecConvertsInsteadOfRepairing() {
    CollectingSink out = Fixtures.parse("conll2003,iob=iob1:" + file, file);
    Sentence czech = out.sentences().get(2);
    assertEquals(List.of("B-MISC", "B-PER", "I-PER"), czech.getTags());
    assertEquals(List.of("IOB1_TO_IOB2"), czech.getRepairs());
    assertEquals(List.of(), out.sentences().get(0).getRepairs());
  }
}

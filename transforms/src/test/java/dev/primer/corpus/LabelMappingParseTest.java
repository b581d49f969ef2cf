package dev.primer.corpus;

import static dev.primer.corpus.Fixtures.assertDeadLetter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Label maps and allowed types applied by the parser, after IOB repair. */
class LabelMappingParseTest {
  private static final byte[] DATA =
      ("Ada B-PERSON\nLovelace I-PERSON\nin O\nLondon B-GPE\non O\nMonday B-DATE\nmorning I-DATE\n\n"
              + "the O\nBBC B-ORG\nreports I-MISC\n\n")
          .getBytes(StandardCharsets.UTF_8);

  private static CollectingSink parse(StageSettings settings) {
    return Fixtures.parseBytes(CorpusFormat.MASAKHANER, DATA, settings);
  }

  @Test
  void renamesKeepStructureAndDroppedTypesAreRecorded() {
    CollectingSink out =
        parse(StageSettings.defaults().withLabelMap("PERSON=PER,GPE=LOC,DATE=O,MISC=O"));
    assertEquals(0, out.deadLetters().size());
    assertEquals(
        List.of("B-PER", "I-PER", "O", "B-LOC", "O", "O", "O"), out.sentences().get(0).getTags());
    assertEquals(List.of("DROPPED_TYPE:DATE"), out.sentences().get(0).getRepairs());
    // the stray I-MISC is repaired first, then dropped
    assertEquals(List.of("O", "B-ORG", "O"), out.sentences().get(1).getTags());
    assertEquals(
        List.of("I_AFTER_OTHER@2", "DROPPED_TYPE:MISC"), out.sentences().get(1).getRepairs());
  }

  @Test
  void keepOnlyMapDropsEverythingElse() {
    CollectingSink out = parse(StageSettings.defaults().withLabelMap("ORG"));
    assertEquals(List.of("O", "O", "O", "O", "O", "O", "O"), out.sentences().get(0).getTags());
    assertEquals(
        List.of("DROPPED_TYPE:PERSON", "DROPPED_TYPE:GPE", "DROPPED_TYPE:DATE"),
        out.sentences().get(0).getRepairs());
    assertEquals(List.of("O", "B-ORG", "O"), out.sentences().get(1).getTags());
  }

  @Test
  void typesOutsideTheAllowedSetAfterMappingAreUnknownTags() {
    CollectingSink out =
        parse(
            StageSettings.defaults()
                .withLabelMap("PERSON=PER,GPE=LOC,DATE=O")
                .withAllowedTypes("PER,LOC,ORG"));
    assertEquals(1, out.sentences().size());
    assertEquals("Ada", out.sentences().get(0).getTokens().get(0));
    assertEquals(1, out.deadLetters().size());
    // MISC is neither mapped nor allowed: rejected at its line (line 11, byte 100)
    assertDeadLetter(out.deadLetters().get(0), DeadLetterReason.UNKNOWN_TAG, 11, 100);
    assertTrue(out.deadLetters().get(0).getDetail().contains("MISC"));
  }
}

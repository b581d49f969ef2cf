package dev.primer.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IobTagsTest {

  private static String[] tags(String spaceSeparated) {
    return spaceSeparated.split(" ");
  }

  @Test
  void validTags() {
    for (String ok : List.of("O", "B-PER", "I-LOC", "B-DATE", "I-X", "B-B_ORG2", "I-MISC")) {
      assertTrue(IobTags.isValid(ok), ok);
    }
    for (String bad :
        List.of(
            "",
            "o",
            "B",
            "B-",
            "E-LOC",
            "S-PER",
            "b-PER",
            "B_PER",
            "PER",
            "B-P ER",
            "OO",
            "B-loc",
            "B-PER-X",
            "B-Per",
            "B-1LOC",
            "B-_X",
            "I-XYZ\u0000",
            "B-LOC\u0000\u0000",
            "B-LO\u0007C",
            "B-LOC\r",
            "B-PER-DERIV")) {
      assertFalse(IobTags.isValid(bad), bad);
    }
  }

  @Test
  void typesTheLabelMapNamesPassTheGrammar() {
    LabelMap map = LabelMap.parse("loc=LOC,PER-DERIV=O");
    assertTrue(IobTags.isValid("B-loc", map));
    assertTrue(IobTags.isValid("I-PER-DERIV", map));
    assertFalse(IobTags.isValid("B-org", map));
    assertFalse(IobTags.isValid("B-loc"));
  }

  @Test
  void iob2RepairTurnsStrayInsideTagsIntoBeginnings() {
    String[] t = tags("I-PER I-PER O I-LOC B-ORG I-LOC I-LOC");
    List<String> repairs = new ArrayList<>();
    assertEquals(-1, IobTags.toIob2(t, IobScheme.IOB2, IobPolicy.REPAIR, repairs));
    assertArrayEquals(tags("B-PER I-PER O B-LOC B-ORG B-LOC I-LOC"), t);
    assertEquals(List.of("I_AFTER_O@0", "I_AFTER_O@3", "I_AFTER_OTHER@5"), repairs);
  }

  @Test
  void validIob2IsLeftAlone() {
    String[] t = tags("B-PER I-PER B-PER O B-LOC I-LOC");
    List<String> repairs = new ArrayList<>();
    assertEquals(-1, IobTags.toIob2(t, IobScheme.IOB2, IobPolicy.DEAD_LETTER, repairs));
    assertArrayEquals(tags("B-PER I-PER B-PER O B-LOC I-LOC"), t);
    assertEquals(List.of(), repairs);
  }

  @Test
  void deadLetterPolicyReportsTheFirstStrayInsideTag() {
    List<String> repairs = new ArrayList<>();
    assertEquals(
        2,
        IobTags.toIob2(
            tags("B-PER O I-PER I-LOC"), IobScheme.IOB2, IobPolicy.DEAD_LETTER, repairs));
    assertEquals(List.of(), repairs);
  }

  @Test
  void iob1IsConvertedAndAdjacentSameTypeEntitiesStaySeparate() {
    // IOB1: "I-PER I-PER B-PER" is two persons; "I-LOC" after O starts a location
    String[] t = tags("I-PER I-PER B-PER O I-LOC I-ORG");
    List<String> repairs = new ArrayList<>();
    assertEquals(-1, IobTags.toIob2(t, IobScheme.IOB1, IobPolicy.DEAD_LETTER, repairs));
    assertArrayEquals(tags("B-PER I-PER B-PER O B-LOC B-ORG"), t);
    assertEquals(List.of(IobTags.IOB1_TO_IOB2), repairs);
  }

  @Test
  void iob1SentenceWithoutEntitiesRecordsNoConversion() {
    List<String> repairs = new ArrayList<>();
    IobTags.toIob2(tags("O O"), IobScheme.IOB1, IobPolicy.REPAIR, repairs);
    assertEquals(List.of(), repairs);
  }

  @Test
  void autoTakesIob1ShapedSentencesAsIob1AndOthersAsIob2() {
    List<String> repairs = new ArrayList<>();
    String[] iob1 = tags("I-PER B-PER O I-LOC");
    assertEquals(-1, IobTags.toIob2(iob1, IobScheme.AUTO, IobPolicy.DEAD_LETTER, repairs));
    assertArrayEquals(tags("B-PER B-PER O B-LOC"), iob1);
    assertEquals(List.of(IobTags.IOB1_TO_IOB2), repairs);

    // a B- that begins an entity after O is IOB2 usage: the stray I- goes to the policy
    repairs.clear();
    String[] iob2 = tags("B-PER O I-LOC");
    assertEquals(2, IobTags.toIob2(iob2, IobScheme.AUTO, IobPolicy.DEAD_LETTER, repairs));
    String[] repaired = tags("B-PER O I-LOC");
    assertEquals(-1, IobTags.toIob2(repaired, IobScheme.AUTO, IobPolicy.REPAIR, repairs));
    assertArrayEquals(tags("B-PER O B-LOC"), repaired);
    assertEquals(List.of("I_AFTER_O@2"), repairs);
  }

  @Test
  void readsStagedTags() {
    // moved from encode's LabelVocabularyTest (encode.IobTags was merged into this class)
    assertEquals("PER", IobTags.entityType("B-PER"));
    assertEquals("ORG", IobTags.entityType("I-ORG"));
    for (String none : List.of("O", "E-PER", "B-", "PER")) {
      assertNull(IobTags.entityType(none), none);
    }
    assertTrue(IobTags.isStagedTag("O"));
    assertFalse(IobTags.isStagedTag("B-O"));
  }

  @Test
  void stagedTagsAreLooserThanTheSourceGrammar() {
    // a label map may keep or produce lower-case and dotted types: staged, not source-grammar tags
    for (String staged : List.of("B-loc", "I-per.x", "B-PER-X")) {
      assertTrue(IobTags.isStagedTag(staged), staged);
      assertFalse(IobTags.isValid(staged), staged);
    }
    assertTrue(IobTags.isValid("B-loc", LabelMap.parse("loc")));
    for (String bad : List.of("B-P ER", "B-\tX", "X-PER", "B-O")) {
      assertFalse(IobTags.isStagedTag(bad), bad);
      assertNull(IobTags.entityType(bad), bad);
    }
    assertFalse(IobTags.isStagedType(null));
    assertFalse(IobTags.isStagedType(""));
    assertTrue(IobTags.isStagedType("per.x"));
  }
}

package dev.primer.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LabelMapTest {

  @Test
  void renamesAndDropsAndPassesOthers() {
    LabelMap map = LabelMap.parse("PERSON=PER, GPE=LOC,MISC=O,DATE=O");
    assertEquals("PER", map.map("PERSON"));
    assertEquals("LOC", map.map("GPE"));
    assertNull(map.map("MISC"));
    assertNull(map.map("DATE"));
    assertEquals("ORG", map.map("ORG"));
  }

  @Test
  void bareTypesMakeTheMapKeepOnly() {
    LabelMap map = LabelMap.parse("PER,LOC,ORG,PERSON=PER");
    assertEquals("PER", map.map("PER"));
    assertEquals("PER", map.map("PERSON"));
    assertEquals("ORG", map.map("ORG"));
    assertNull(map.map("MISC"));
    assertNull(map.map("DATE"));
  }

  @Test
  void renamesApplyOnceAndAreNotChained() {
    LabelMap map = LabelMap.parse("A=B,B=C");
    assertEquals("B", map.map("A"));
    assertEquals("C", map.map("B"));
  }

  @Test
  void blankIsIdentity() {
    assertTrue(LabelMap.parse("  ").isIdentity());
    assertTrue(LabelMap.parse(null).isIdentity());
    assertEquals("X", LabelMap.identity().map("X"));
  }

  @Test
  void malformedMapsAreRejectedWithTheProblemNamed() {
    assertError("PER,,LOC", "entry 2 is empty");
    assertError("PER=", "not SOURCE=TARGET");
    assertError("=PER", "not SOURCE=TARGET");
    assertError("A=B=C", "not SOURCE=TARGET");
    assertError("PER=X,PER=Y", "mapped twice");
    assertError("PER,PER=X", "both kept and renamed");
    assertError("B-PER=PER", "without B-/I-");
    assertError("O=PER", "'O' is not an entity type");
    assertError("PER SON=PER", "not an entity type");
  }

  private static void assertError(String spec, String expected) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LabelMap.parse(spec), spec);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().contains("'" + spec + "'"), e.getMessage());
  }
}

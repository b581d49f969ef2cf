package dev.primer.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class StageSettingsTest {

  @Test
  void defaultsAndCopies() {
    StageSettings d = StageSettings.defaults();
    assertEquals(IobPolicy.REPAIR, d.iobPolicy());
    assertTrue(d.labelMap().isIdentity());
    assertEquals(Set.of(), d.allowedTypes());
    assertEquals(StageSettings.DEFAULT_MAX_TOKENS, d.maxTokens());
    StageSettings s =
        d.withIobPolicy(IobPolicy.parse("dead-letter"))
            .withAllowedTypes(" PER, LOC ")
            .withMaxTokens(10)
            .withLabelMap("MISC=O");
    assertEquals(IobPolicy.DEAD_LETTER, s.iobPolicy());
    assertEquals(Set.of("PER", "LOC"), s.allowedTypes());
    assertEquals(10, s.maxTokens());
    assertEquals(null, s.labelMap().map("MISC"));
    assertEquals(IobPolicy.REPAIR, d.iobPolicy());
  }

  @Test
  void invalidOptionsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> IobPolicy.parse("fix"));
    assertThrows(IllegalArgumentException.class, () -> IobScheme.parse("bio"));
    assertThrows(IllegalArgumentException.class, () -> StageSettings.defaults().withMaxTokens(0));
    assertThrows(
        IllegalArgumentException.class, () -> StageSettings.defaults().withMaxLineBytes(8));
    assertThrows(
        IllegalArgumentException.class,
        () -> StageSettings.defaults().withAllowedTypes("PER,,LOC"));
    assertThrows(
        IllegalArgumentException.class, () -> StageSettings.defaults().withAllowedTypes("O"));
  }
}

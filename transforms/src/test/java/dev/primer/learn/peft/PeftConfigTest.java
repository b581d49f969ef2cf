package dev.primer.learn.peft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class PeftConfigTest {

  @Test
  void jsonRoundTripForEveryMethod() {
    PeftConfig[] configs = {
      PeftConfig.full(),
      PeftConfig.builder(PeftMethod.HOULSBY)
          .setReductionFactor(8)
          .setAdapterActivation(AdapterActivation.SILU)
          .build(),
      PeftConfig.builder(PeftMethod.PFEIFFER).setAdapterResidual(false).build(),
      PeftConfig.builder(PeftMethod.LORA)
          .setLoraRank(4)
          .setLoraAlpha(8)
          .setLoraDropout(0.1)
          .setLoraTargets(EnumSet.of(LoraTarget.KEY, LoraTarget.OUTPUT))
          .build(),
      PeftConfig.builder(PeftMethod.PREFIX).setPrefixLength(20).setPrefixProjection(true).build(),
      PeftConfig.builder(PeftMethod.BITFIT).build()
    };
    for (PeftConfig c : configs) {
      assertEquals(c, PeftConfig.fromJson(c.toJson()), c.toJson());
    }
    PeftConfig lora =
        PeftConfig.fromJson("{\"method\":\"lora\",\"rank\":2,\"targets\":[\"value\"]}");
    assertEquals(2, lora.loraRank());
    assertEquals(8.0, lora.loraScale());
    assertTrue(lora.hasLora(LoraTarget.VALUE));
    assertEquals(EnumSet.of(LoraTarget.VALUE), lora.loraTargets());
  }

  @Test
  void refusesUnknownOrMisplacedKeys() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PeftConfig.fromJson("{\"method\":\"houlsby\",\"rank\":4}"));
    assertTrue(e.getMessage().contains("rank"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PeftConfig.fromJson("{\"method\":\"ia3\"}"));
    assertThrows(
        IllegalArgumentException.class,
        () -> PeftConfig.builder(PeftMethod.LORA).setLoraRank(0).build());
  }
}

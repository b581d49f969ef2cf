package dev.primer.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.io.Manifest;
import org.junit.jupiter.api.Test;

class TaskResultLocationsTest {

  @Test
  void readsTheLocationsOfAResultJsonIgnoringItsOtherFields() throws Exception {
    TaskResultLocations peft =
        TaskResultLocations.parse(
            Manifest.mapper(),
            "{\"task\":\"fr/unprimed/adapter-houlsby/seed=2\",\"seed\":2,"
                + "\"base\":{\"location\":\"/runs/demo/pretrain/checkpoint/\","
                + "\"checkpointJsonSha256\":\"1f42\",\"weightsSha256\":\"64fd\"},"
                + "\"peft\":{\"method\":\"houlsby\",\"reduction_factor\":16},"
                + "\"training\":{\"steps\":60,\"lastLoss\":0.5},"
                + "\"checkpoint\":{\"location\":\"peft/\",\"kind\":\"peft\",\"tensors\":12}}");
    assertEquals("peft/", peft.checkpointLocation());
    assertEquals("/runs/demo/pretrain/checkpoint/", peft.baseLocation());
    assertFalse(peft.full());

    TaskResultLocations full =
        TaskResultLocations.parse(
            Manifest.mapper(),
            "{\"base\":{\"location\":\"/b/\"},\"checkpoint\":{\"location\":\"full/\"}}");
    assertTrue(full.full());
    assertEquals("full/", full.checkpointLocation());
  }

  @Test
  void missingLocationsReadAsEmptyAsBefore() throws Exception {
    TaskResultLocations none = TaskResultLocations.parse(Manifest.mapper(), "{\"task\":\"x\"}");
    assertEquals("", none.checkpointLocation());
    assertEquals("", none.baseLocation());
    assertFalse(none.full());
  }
}

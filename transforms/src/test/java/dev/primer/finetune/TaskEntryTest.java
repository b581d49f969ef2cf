package dev.primer.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.io.CollectJsonObject;
import dev.primer.io.Manifest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskEntryTest {

  /** tasks.json as the finetune stage wrote it before the entries were records. */
  private static final String OLD_TASKS_JSON =
      "{\n"
          + "  \"sw/primed/lora/seed=1\" : {\n"
          + "    \"lang\" : \"sw\",\n"
          + "    \"setting\" : \"primed\",\n"
          + "    \"method\" : \"lora\",\n"
          + "    \"seed\" : 1,\n"
          + "    \"succeeded\" : true,\n"
          + "    \"devF1\" : 0.625,\n"
          + "    \"steps\" : 40\n"
          + "  },\n"
          + "  \"fr/full/full/seed=1\" : {\n"
          + "    \"lang\" : \"fr\",\n"
          + "    \"setting\" : \"full\",\n"
          + "    \"method\" : \"full\",\n"
          + "    \"seed\" : 1,\n"
          + "    \"succeeded\" : false,\n"
          + "    \"reason\" : \"IllegalStateException: boom\"\n"
          + "  }\n"
          + "}";

  @Test
  void readsTheFileAsWrittenBeforeInItsOrder() throws Exception {
    Map<String, TaskEntry> tasks = TaskEntry.readAll(Manifest.mapper(), OLD_TASKS_JSON);
    assertEquals(
        List.of("sw/primed/lora/seed=1", "fr/full/full/seed=1"), List.copyOf(tasks.keySet()));
    TaskEntry ok = tasks.get("sw/primed/lora/seed=1");
    assertTrue(ok.succeeded());
    assertEquals(0.625, ok.devF1());
    assertEquals(40L, ok.steps());
    assertNull(ok.reason());
    TaskEntry failed = tasks.get("fr/full/full/seed=1");
    assertFalse(failed.succeeded());
    assertNull(failed.devF1());
    assertEquals("IllegalStateException: boom", failed.reason());
  }

  @Test
  void writesWhatTheHandBuiltEntryHeld() throws Exception {
    FinetuneTask task = new FinetuneTask("sw", "primed", "lora", 1, "/base/");
    String written = CollectJsonObject.toJson(TaskEntry.of(TaskOutcome.succeeded(task, 0.625, 40)));
    assertEquals(
        "{\n  \"lang\" : \"sw\",\n  \"setting\" : \"primed\",\n  \"method\" : \"lora\",\n"
            + "  \"seed\" : 1,\n  \"succeeded\" : true,\n  \"devF1\" : 0.625,\n  \"steps\" : 40\n}",
        written);
    String failed = CollectJsonObject.toJson(TaskEntry.of(TaskOutcome.failed(task, "boom")));
    assertEquals(
        "{\n  \"lang\" : \"sw\",\n  \"setting\" : \"primed\",\n  \"method\" : \"lora\",\n"
            + "  \"seed\" : 1,\n  \"succeeded\" : false,\n  \"reason\" : \"boom\"\n}",
        failed);
  }
}

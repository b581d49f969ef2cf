package dev.primer.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.learn.peft.FinetuneMethod;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class FinetunePlannerTest {

  private static final Function<String, String> BASES =
      s -> s.equals("full") || s.equals("unprimed") ? "/r/pretrain/checkpoint/" : "/r/prime/" + s;

  @Test
  void expandsLanguagesSettingsMethodsAndSeeds() {
    List<FinetuneTask> tasks =
        FinetunePlanner.plan(
            List.of("sw", "yo"),
            List.of("full", "unprimed", "primed"),
            List.of("adapter-houlsby", "lora"),
            List.of(1L, 2L, 3L),
            BASES);
    // per language: full x full x 3 seeds + 2 PEFT settings x 2 methods x 3 seeds
    assertEquals(2 * (3 + 2 * 2 * 3), tasks.size());
    Set<String> ids = new HashSet<>();
    tasks.forEach(t -> assertTrue(ids.add(t.id()), "duplicate " + t.id()));
    assertEquals("sw/full/full/seed=1", tasks.get(0).id());
    assertEquals("sw/unprimed/adapter-houlsby/seed=1", tasks.get(3).id());
    assertEquals("yo/primed/lora/seed=3", tasks.get(tasks.size() - 1).id());
    for (FinetuneTask t : tasks) {
      assertEquals(t.setting().equals("full"), t.method().equals("full"), t.id());
      assertEquals(
          t.setting().equals("primed") ? "/r/prime/primed/" : "/r/pretrain/checkpoint/",
          t.baseCheckpoint());
    }
  }

  @Test
  void fullSettingAloneNeedsNoMethod() {
    List<FinetuneTask> tasks =
        FinetunePlanner.plan(List.of("sw"), List.of("full"), List.of(), List.of(7L), BASES);
    assertEquals(List.of("sw/full/full/seed=7"), tasks.stream().map(FinetuneTask::id).toList());
  }

  @Test
  void duplicatesCollapse() {
    List<FinetuneTask> tasks =
        FinetunePlanner.plan(
            List.of("sw", "sw"),
            List.of("unprimed", "unprimed"),
            List.of("lora", "lora"),
            List.of(1L, 1L),
            BASES);
    assertEquals(1, tasks.size());
  }

  @Test
  void refusesFullAsPeftMethodUnknownMethodsAndEmptyLists() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            FinetunePlanner.plan(
                List.of("sw"), List.of("unprimed"), List.of("full"), List.of(1L), BASES));
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                FinetunePlanner.plan(
                    List.of("sw"), List.of("unprimed"), List.of("adapters"), List.of(1L), BASES));
    assertTrue(unknown.getMessage().contains("adapter-houlsby"), unknown.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            FinetunePlanner.plan(
                List.of("sw"), List.of("unprimed"), List.of(), List.of(1L), BASES));
    assertThrows(
        IllegalArgumentException.class,
        () -> FinetunePlanner.plan(List.of(), List.of("full"), List.of(), List.of(1L), BASES));
    assertThrows(
        IllegalArgumentException.class,
        () -> FinetunePlanner.plan(List.of("sw"), List.of("full"), List.of(), List.of(), BASES));
  }

  @Test
  void seedsAreACountOrAList() {
    assertEquals(List.of(1L, 2L, 3L), FinetunePlanner.seeds("3"));
    assertEquals(List.of(5L, 9L), FinetunePlanner.seeds("5, 9"));
    assertEquals(List.of(3L), FinetunePlanner.seeds("3,"));
    assertThrows(IllegalArgumentException.class, () -> FinetunePlanner.seeds("0"));
    assertThrows(IllegalArgumentException.class, () -> FinetunePlanner.seeds("a,b"));
    assertThrows(IllegalArgumentException.class, () -> FinetunePlanner.seeds(""));
  }

  @Test
  void taskIdsAreStableAndSafe() {
    FinetuneTask t =
        new FinetuneTask("sw", "primed", "lora", 2, "gs://b/run/prime/primed/checkpoint");
    assertEquals("sw/primed/lora/seed=2", t.id());
    assertEquals("gs://b/run/prime/primed/checkpoint/", t.baseCheckpoint());
    assertEquals(FinetuneMethod.LORA, t.finetuneMethod());
    assertThrows(
        IllegalArgumentException.class, () -> new FinetuneTask("s/w", "x", "lora", 1, "/"));
    assertThrows(IllegalArgumentException.class, () -> new FinetuneTask("..", "x", "lora", 1, "/"));
  }
}

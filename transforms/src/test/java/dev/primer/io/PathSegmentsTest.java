package dev.primer.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.Json;
import dev.primer.UserError;
import dev.primer.corpus.CorpusNames;
import dev.primer.corpus.CorpusSpec;
import dev.primer.finetune.TaskEntry;
import dev.primer.predict.PredictInput;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one safe-segment rule, and each route by which data or options could name a directory. */
class PathSegmentsTest {

  private static final List<String> ESCAPES =
      List.of(
          "..", ".", "../x", "../../x", "a/b", "/abs", "a\\b", "", ".hidden", "-x", "gs:x", "a b");

  @Test
  void ruleAcceptsNamesAndRefusesEveryEscape() {
    for (String ok : List.of("en", "zh-Hans", "pt_BR", "masakhaner2", "primed", "a.b", "x..y")) {
      assertTrue(PathSegments.isSafe(ok), ok);
    }
    for (String bad : ESCAPES) {
      assertFalse(PathSegments.isSafe(bad), bad);
    }
    assertFalse(PathSegments.isSafe(null));
    assertFalse(PathSegments.isSafe("a".repeat(PathSegments.MAX_LENGTH + 1)));
    UserError error = assertThrows(UserError.class, () -> PathSegments.check("--settings", "../x"));
    assertTrue(error.getMessage().startsWith("--settings: '../x' cannot name a directory"));
    assertEquals(
        "fr/primed/lora/seed=1", PathSegments.checkRelative("id", "fr/primed/lora/seed=1"));
    assertThrows(UserError.class, () -> PathSegments.checkRelative("id", "fr/../../x/seed=1"));
    assertThrows(UserError.class, () -> PathSegments.checkRelative("id", "=x"));
  }

  @Test
  void corpusLanguageSplitAndNameFromSpecsOrFileNames() {
    for (String bad : ESCAPES) {
      assertFalse(CorpusNames.isLanguage(bad), bad);
      assertFalse(CorpusNames.isCorpusName(bad), bad);
      assertFalse(CorpusNames.isSplit(bad), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> CorpusSpec.parse("panx;lang=../x:f.tsv"));
    assertThrows(IllegalArgumentException.class, () -> CorpusSpec.parse("panx;name=..:f.tsv"));
    assertThrows(IllegalArgumentException.class, () -> CorpusSpec.parse("panx;split=../x:f.tsv"));
    CorpusSpec.parse("panx;lang=en;name=wikiann;split=dev:f.tsv"); // control
  }

  @Test
  void predictLanguagesOfSpecsAndJsonLines() {
    for (String bad : ESCAPES) {
      assertFalse(PredictInput.isLanguageCode(bad), bad);
    }
    assertTrue(PredictInput.isLanguageCode("sw")); // control
    assertThrows(IllegalArgumentException.class, () -> PredictInput.parse("lang=../x:in.txt"));
    assertThrows(IllegalArgumentException.class, () -> PredictInput.parse("tsv:lang=..:in.tsv"));
  }

  @Test
  void partitionWritersRefuseAnUnsafeLanguageOrSplit() {
    assertEquals("lang=en/split=train", WritePartitionedAvro.languageAndSplit("en", "train"));
    assertThrows(
        IllegalStateException.class, () -> WritePartitionedAvro.languageAndSplit("../x", "train"));
    assertThrows(
        IllegalStateException.class, () -> WritePartitionedAvro.languageAndSplit("en", "../x"));
  }

  @Test
  void taskIdsReadFromTasksJson() throws Exception {
    String entry =
        "{\"lang\":\"fr\",\"setting\":\"primed\",\"method\":\"lora\",\"seed\":1,"
            + "\"succeeded\":true}";
    assertEquals(
        1, TaskEntry.readAll(Json.mapper(), "{\"fr/primed/lora/seed=1\":" + entry + "}").size());
    UserError error =
        assertThrows(
            UserError.class,
            () -> TaskEntry.readAll(Json.mapper(), "{\"../../x/seed=1\":" + entry + "}"));
    assertTrue(error.getMessage().contains("finetune/tasks.json"), error.getMessage());
  }
}

package dev.primer.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.primer.UserError;
import dev.primer.learn.weights.ModelConfig;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The finetune stage's option rules: each bad value fails with one line naming the flag. */
class FinetuneChecksTest {

  private static String message(Executable check) {
    return assertThrows(UserError.class, check).getMessage();
  }

  @Test
  void trainingRangesNameTheFlag() {
    FinetuneChecks.training(0, 0, 0, 0, 1);
    FinetuneChecks.training(5, 10, 2, 1, 0);
    assertEquals(
        "--fewShot must be >= 0, got -1", message(() -> FinetuneChecks.training(-1, 0, 0, 0, 1)));
    assertEquals(
        "--maxSteps must be >= 0, got -2", message(() -> FinetuneChecks.training(0, -2, 0, 0, 1)));
    assertEquals(
        "--evalEvery must be >= 0, got -3", message(() -> FinetuneChecks.training(0, 0, -3, 0, 1)));
    assertEquals(
        "--patience must be >= 0, got -4", message(() -> FinetuneChecks.training(0, 0, 0, -4, 1)));
    assertEquals(
        "--maxSteps=0 trains --finetuneEpochs passes, which must be > 0",
        message(() -> FinetuneChecks.training(0, 0, 0, 0, 0)));
  }

  @Test
  void settingsAreSomeAndSafeAndPrimedOnesAvoidTheirSources() {
    assertEquals(List.of("full"), FinetuneChecks.settings(List.of("full")));
    assertEquals(
        "--settings names no setting (e.g. --settings=full,unprimed,primed)",
        message(() -> FinetuneChecks.settings(List.of())));
    FinetuneChecks.setting("primed", true, List.of("sw"), Set.of("yo"));
    // the control: an unprimed setting may be evaluated on a priming language
    FinetuneChecks.setting("unprimed", false, List.of("yo"), Set.of("yo"));
    assertEquals(
        "--targetLangs yo is a priming source language of the episodes stage: the primed setting"
            + " 'primed' would be evaluated on a language it was primed on",
        message(() -> FinetuneChecks.setting("primed", true, List.of("sw", "yo"), Set.of("yo"))));
    assertEquals(
        "--targetLangs jv, yo are priming source languages of the episodes stage: the primed"
            + " setting 'maml' would be evaluated on a language it was primed on",
        message(
            () -> FinetuneChecks.setting("maml", true, List.of("jv", "yo"), Set.of("jv", "yo"))));
    assertThrows(UserError.class, () -> FinetuneChecks.setting("../x", false, List.of(), Set.of()));
  }

  @Test
  void targetLanguagesNeedTrainAndDevSentences() {
    FinetuneChecks.targetLangs(List.of("sw"), List.of("sw", "yo"));
    assertEquals(
        "no target language: the encode output has no language with train and dev sentences"
            + " outside the priming languages; name them with --targetLangs",
        message(() -> FinetuneChecks.targetLangs(List.of(), List.of("sw"))));
    assertEquals(
        "--targetLangs qu: fine-tuning needs train and dev sentences in the encode output, which"
            + " has them for sw, yo",
        message(() -> FinetuneChecks.targetLangs(List.of("sw", "qu"), List.of("sw", "yo"))));
    assertEquals(
        "--targetLangs qu: fine-tuning needs train and dev sentences in the encode output, which"
            + " has them for no language",
        message(() -> FinetuneChecks.targetLangs(List.of("qu"), List.of())));
  }

  @Test
  void aBaseMustHoldTheTokenizerAndTheWindows() {
    ModelConfig config = ModelConfig.bert(100, 32, 1, 2, 64, 66, 2);
    int positions = config.maxPositionEmbeddings() - config.positionOffset();
    FinetuneChecks.baseFits("full", "/b/", config, 100, positions);
    FinetuneChecks.baseFits("full", "/b/", config, 90, 0);
    assertEquals(
        "setting 'full': the base checkpoint /b/ has a vocabulary of 100 and "
            + positions
            + " positions, but the run's tokenizer has 101 pieces and encode windows are up to 8"
            + " subwords: make the base from this run's vocabulary (./primer pretrain)",
        message(() -> FinetuneChecks.baseFits("full", "/b/", config, 101, 8)));
    assertThrows(
        UserError.class, () -> FinetuneChecks.baseFits("full", "/b/", config, 100, positions + 1));
  }
}

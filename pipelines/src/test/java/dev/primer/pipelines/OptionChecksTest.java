package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.primer.UserError;
import dev.primer.corpus.IobPolicy;
import dev.primer.corpus.StageSettings;
import dev.primer.encode.UnknownTagPolicy;
import dev.primer.learn.meta.MetaOrder;
import dev.primer.learn.peft.FinetuneMethod;
import dev.primer.vocab.MergeScore;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionChecksTest {

  private static String message(Runnable check) {
    return assertThrows(UserError.class, check::run).getMessage();
  }

  @Test
  void boundsAreInclusiveWhereTheyShouldBe() {
    assertEquals(0, OptionChecks.nonNegative("--patience", 0));
    assertEquals(1, OptionChecks.positive("--evalBatchSize", 1));
    assertEquals(3L, OptionChecks.atLeast("--episodes", 3L, 1));
    assertEquals(0.0, OptionChecks.ratio("--outerWarmupRatio", 0.0));
    assertEquals(1.0, OptionChecks.ratio("--outerWarmupRatio", 1.0));
    assertEquals(1.0, OptionChecks.probability("--maskProbability", 1.0));
    assertEquals(
        "--patience must be >= 0, got -1",
        message(() -> OptionChecks.nonNegative("--patience", -1)));
    assertEquals(
        "--evalBatchSize must be > 0, got 0",
        message(() -> OptionChecks.positive("--evalBatchSize", 0)));
    assertEquals(
        "--metaBatch must be >= 1, got null",
        message(() -> OptionChecks.atLeast("--metaBatch", (Integer) null, 1)));
    assertEquals(
        "--episodes must be >= 1, got 0", message(() -> OptionChecks.atLeast("--episodes", 0L, 1)));
    assertEquals(
        "--innerLr must be > 0, got NaN",
        message(() -> OptionChecks.positive("--innerLr", Double.NaN)));
    assertEquals(
        "--outerWarmupRatio must be in [0, 1], got 1.5",
        message(() -> OptionChecks.ratio("--outerWarmupRatio", 1.5)));
    assertEquals(
        "--maskProbability must be in (0, 1], got 0.0",
        message(() -> OptionChecks.probability("--maskProbability", 0.0)));
    assertEquals(
        "--confidenceLevel must be between 0 and 1, got 1.0",
        message(() -> OptionChecks.openUnit("--confidenceLevel", 1.0)));
  }

  @Test
  void enumLikeOptionsParseOneWay() {
    assertEquals(MetaOrder.SECOND, OptionChecks.oneOf("--metaOrder", " Second ", MetaOrder.class));
    assertEquals(
        "--metaOrder must be first or second, got 'third'",
        message(() -> OptionChecks.oneOf("--metaOrder", "third", MetaOrder.class)));
    assertEquals(
        FinetuneMethod.fromOptionName("lora"),
        OptionChecks.parse("--method", "lora", FinetuneMethod::fromOptionName));
    assertEquals(
        true,
        message(() -> OptionChecks.parse("--method", "nope", FinetuneMethod::fromOptionName))
            .startsWith("--method: "));
  }

  @Test
  void stageEnumOptionsKeepTheirSpellings() {
    assertEquals(
        UnknownTagPolicy.DEAD_LETTER,
        OptionChecks.oneOf("--unknownTags", "dead-letter", UnknownTagPolicy.class));
    assertEquals(
        UnknownTagPolicy.MAP_TO_O,
        OptionChecks.oneOf("--unknownTags", "map_to_o", UnknownTagPolicy.class));
    assertEquals(
        "--unknownTags must be dead_letter or map_to_o, got 'drop'",
        message(() -> OptionChecks.oneOf("--unknownTags", "drop", UnknownTagPolicy.class)));
    assertEquals(
        MergeScore.FREQUENCY, OptionChecks.oneOf("--mergeRule", "Frequency", MergeScore.class));
    assertEquals(
        "--mergeRule must be wordpiece or frequency, got 'bpe'",
        message(() -> OptionChecks.oneOf("--mergeRule", "bpe", MergeScore.class)));
    assertEquals(
        IobPolicy.DEAD_LETTER, OptionChecks.parse("--iobPolicy", "dead-letter", IobPolicy::parse));
    assertEquals(
        "--iobPolicy: unknown IOB policy 'fix': use repair or dead_letter",
        message(() -> OptionChecks.parse("--iobPolicy", "fix", IobPolicy::parse)));
    assertEquals(
        "--dedupSplits: dedup split 'valid' must be train, dev or test",
        message(
            () ->
                OptionChecks.parse(
                    "--dedupSplits", "train,valid", StageSettings.defaults()::withDedupSplits)));
  }

  @Test
  void listOptionsSplitOneWay() {
    assertEquals(List.of("PER", "LOC", "PER"), OptionChecks.list(" PER, LOC,,PER , "));
    assertEquals(List.of(), OptionChecks.list(""));
    assertEquals(List.of(), OptionChecks.list(null));
    assertEquals(List.of("de", "en"), EpisodesPlan.languages("--sourceLangs", "de,en, de"));
  }
}

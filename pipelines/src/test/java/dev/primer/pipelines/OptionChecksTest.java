package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.primer.OptionChecks;
import dev.primer.OptionNames;
import dev.primer.UserError;
import dev.primer.corpus.IobPolicy;
import dev.primer.corpus.StageSettings;
import dev.primer.encode.UnknownTagPolicy;
import dev.primer.episodes.EpisodesChecks;
import dev.primer.learn.meta.HeadInit;
import dev.primer.learn.meta.InnerOptimizer;
import dev.primer.learn.meta.MetaOrder;
import dev.primer.learn.peft.FinetuneMethod;
import dev.primer.pretrain.PretrainMode;
import dev.primer.vocab.MergeScore;
import java.util.List;
import org.apache.beam.runners.core.construction.SerializablePipelineOptions;
import org.apache.beam.sdk.util.SerializableUtils;
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
  void enumOptionsAreBeamEnumsReadWithTheirSpellings() {
    PrimeOptions prime =
        Primer.parseOptions(
            List.of(
                "--metaOrder=Second",
                "--innerOptimizer=ADAM",
                "--method=LoRA",
                "--headInit=shared",
                "--primeVariants=primed"),
            PrimeOptions.class);
    assertEquals(MetaOrder.SECOND, prime.getMetaOrder());
    assertEquals(InnerOptimizer.ADAM, prime.getInnerOptimizer());
    assertEquals(FinetuneMethod.LORA, prime.getMethod());
    assertEquals(HeadInit.SHARED, prime.getHeadInit());
    PrimeOptions defaults = Primer.parseOptions(List.of(), PrimeOptions.class);
    assertEquals(FinetuneMethod.ADAPTER_HOULSBY, defaults.getMethod());
    assertEquals(MetaOrder.FIRST, defaults.getMetaOrder());
    EncodeStageOptions encode =
        Primer.parseOptions(List.of("--unknownTags=map_to_o"), EncodeStageOptions.class);
    assertEquals(UnknownTagPolicy.MAP_TO_O, encode.getUnknownTags());
    assertEquals(
        UnknownTagPolicy.DEAD_LETTER,
        Primer.parseOptions(List.of(), EncodeStageOptions.class).getUnknownTags());
    assertEquals(
        MergeScore.WORDPIECE,
        Primer.parseOptions(List.of("--mergeRule=WordPiece"), VocabOptions.class).getMergeRule());
    assertEquals(
        IobPolicy.DEAD_LETTER,
        Primer.parseOptions(List.of("--iobPolicy=dead-letter"), StageCorporaOptions.class)
            .getIobPolicy());
    assertEquals(
        PretrainMode.IMPORT,
        Primer.parseOptions(List.of("--pretrainMode=Import"), PretrainOptions.class)
            .getPretrainMode());
    assertEquals(
        FinetuneMethod.ADAPTER_PFEIFFER,
        Primer.parseOptions(List.of("--adapterMethod=adapter-pfeiffer"), PredictOptions.class)
            .getAdapterMethod());
  }

  @Test
  void aBadEnumValueNamesTheFlagAndTheValuesItAccepts() {
    assertEquals(
        "--metaOrder must be first or second, got 'third'",
        message(() -> Primer.parseOptions(List.of("--metaOrder=third"), PrimeOptions.class)));
    assertEquals(
        "--method must be full, adapter-houlsby, adapter-pfeiffer, lora, prefix or bitfit, got"
            + " 'adapters'",
        message(() -> Primer.parseOptions(List.of("--method=adapters"), PrimeOptions.class)));
    assertEquals(
        "--unknownTags must be dead-letter or map-to-o, got 'drop'",
        message(
            () -> Primer.parseOptions(List.of("--unknownTags=drop"), EncodeStageOptions.class)));
    assertEquals(
        "--mergeRule must be wordpiece or frequency, got 'bpe'",
        message(() -> Primer.parseOptions(List.of("--mergeRule=bpe"), VocabOptions.class)));
    assertEquals(
        "--iobPolicy must be repair or dead-letter, got 'fix'",
        message(() -> Primer.parseOptions(List.of("--iobPolicy=fix"), StageCorporaOptions.class)));
    assertEquals(
        "--vocabMode must be learn, prune or pretrained, got 'magic'",
        message(() -> Primer.parseOptions(List.of("--vocabMode=magic"), VocabOptions.class)));
    assertEquals(
        "--dedupSplits: dedup split 'valid' must be train, dev or test",
        message(
            () ->
                OptionChecks.parse(
                    "--dedupSplits", "train,valid", StageSettings.defaults()::withDedupSplits)));
  }

  @Test
  void enumOptionsAreRecordedByOptionNameAndReachTheWorkers() {
    PrimeOptions prime =
        Primer.parseOptions(List.of("--method=lora", "--metaOrder=second"), PrimeOptions.class);
    assertEquals(
        "lora",
        StageOptionsRecorder.configuration(prime, PrimeOptions.class).get("method").asText());
    assertEquals(
        "second",
        StageOptionsRecorder.configuration(prime, PrimeOptions.class).get("metaOrder").asText());
    PrimeOptions shipped =
        SerializableUtils.clone(new SerializablePipelineOptions(prime))
            .get()
            .as(PrimeOptions.class);
    assertEquals(FinetuneMethod.LORA, shipped.getMethod());
    assertEquals(MetaOrder.SECOND, shipped.getMetaOrder());
  }

  @Test
  void listOptionsSplitOneWay() {
    assertEquals(List.of("PER", "LOC", "PER"), OptionNames.list(" PER, LOC,,PER , "));
    assertEquals(List.of(), OptionNames.list(""));
    assertEquals(List.of(), OptionNames.list(null));
    assertEquals(List.of("de", "en"), EpisodesChecks.languages("--sourceLangs", "de,en, de"));
  }
}

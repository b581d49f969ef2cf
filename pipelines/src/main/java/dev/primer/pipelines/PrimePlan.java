package dev.primer.pipelines;

import dev.primer.OptionChecks;
import dev.primer.OptionNames;
import dev.primer.UserError;
import dev.primer.io.ResourceIO;
import dev.primer.io.StageArtifacts;
import dev.primer.learn.meta.HeadInit;
import dev.primer.learn.meta.InnerLoopConfig;
import dev.primer.learn.meta.InnerOptimizer;
import dev.primer.learn.meta.MetaOrder;
import dev.primer.learn.meta.PrimingConfig;
import dev.primer.learn.meta.PrimingVariant;
import dev.primer.learn.peft.FinetuneMethod;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.priming.PrimeChecks;
import dev.primer.priming.PrimeSettings;
import java.util.List;

/**
 * What the prime stage's plan resolved, once: the priming variants to run and the settings every
 * variant shares. {@link #resolve} checks the options, requires the run's {@code vocab}, {@code
 * encode}, {@code episodes} and {@code pretrain} outputs and at least one episode file, and reads
 * the labels and the tokenizer's pad id ({@link RunArtifacts}: a tokenizer without {@code [PAD]} is
 * refused); every problem is a {@link UserError}.
 */
record PrimePlan(List<PrimingVariant> variants, PrimeSettings settings) {

  PrimePlan {
    variants = List.copyOf(variants);
  }

  static PrimePlan resolve(PrimeOptions options, StageContext context) throws Exception {
    List<PrimingVariant> variants =
        PrimeChecks.variants(OptionNames.list(options.getPrimeVariants()));
    FinetuneMethod method = options.getMethod();
    PrimeChecks.method(method);
    PrimeChecks.ranges(
        options.getMetaBatch(),
        options.getInnerSteps(),
        options.getInnerBatchSize(),
        options.getMetaSteps(),
        options.getCheckpointEvery(),
        options.getKeepCheckpoints(),
        options.getPrimeLogEvery(),
        options.getPrimeStopAfter(),
        options.getInnerLr(),
        options.getOuterLr(),
        options.getOuterWarmupRatio());
    MetaOrder order = options.getMetaOrder();
    InnerOptimizer inner = options.getInnerOptimizer();
    PrimeChecks.order(order, inner);
    HeadInit headInit = options.getHeadInit();
    PeftConfig peft = peft(options);
    context.requireUpstream(StageArtifacts.VOCAB);
    context.requireUpstream(StageArtifacts.ENCODE);
    context.requireUpstream(StageArtifacts.EPISODES);
    context.requireUpstream(StageArtifacts.PRETRAIN);
    String episodes = context.upstreamDirectory(StageArtifacts.EPISODES) + PrimeStage.EPISODE_FILES;
    if (ResourceIO.list(episodes).isEmpty()) {
      throw new UserError("the episodes stage wrote no episode file matching " + episodes);
    }
    List<String> labels = RunArtifacts.labels(context);
    int padId = RunArtifacts.padId(context, RunArtifacts.tokenizer(context));
    String upstream =
        String.join(
            ",",
            context.manifest().upstream.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().cacheKey)
                .sorted()
                .toList());
    PrimeSettings settings =
        OptionChecks.settings(
            "prime",
            () -> {
              InnerLoopConfig innerLoop =
                  InnerLoopConfig.builder()
                      .setSteps(options.getInnerSteps())
                      .setLearningRate(options.getInnerLr())
                      .optOptimizer(inner)
                      .optBatchSize(
                          options.getInnerBatchSize() > 0
                              ? options.getInnerBatchSize()
                              : PrimeSettings.ALL_SUPPORT)
                      .build();
              PrimingConfig priming =
                  PrimingConfig.builder()
                      .optHeadInit(headInit)
                      .setInnerLoop(innerLoop)
                      .optOrder(order)
                      .optSeed(options.getSeed())
                      .optPadId(padId)
                      .optLazyEmbeddings(Boolean.TRUE.equals(options.getLazyEmbeddings()))
                      .build();
              return PrimeSettings.builder()
                  .runId(context.layout().runId())
                  .episodes(episodes)
                  .baseCheckpoint(
                      context
                          .upstream(StageArtifacts.PRETRAIN)
                          .directory(StageArtifacts.CHECKPOINT)
                          .toString())
                  .primeDirectory(context.outputDirectory().toString())
                  .workDirectory(context.workDirectory().toString())
                  .labels(labels)
                  .upstream(upstream)
                  .peft(method, peft)
                  .priming(priming)
                  .metaBatch(options.getMetaBatch())
                  .metaSteps(options.getMetaSteps())
                  .outerLearningRate(options.getOuterLr())
                  .outerWarmupRatio(options.getOuterWarmupRatio())
                  .checkpointEvery(options.getCheckpointEvery())
                  .keepCheckpoints(options.getKeepCheckpoints())
                  .logEvery(options.getPrimeLogEvery())
                  .stopAfter(options.getPrimeStopAfter())
                  .deterministic(Boolean.TRUE.equals(options.getDeterministic()))
                  .build();
            });
    return new PrimePlan(variants, settings);
  }

  /** The PEFT configuration fine-tuning builds for the same method and options. */
  private static PeftConfig peft(PrimeOptions options) {
    try {
      return options
          .getMethod()
          .peftConfig(
              options.getReductionFactor(), options.getLoraRank(), options.getPrefixLength());
    } catch (IllegalArgumentException e) {
      throw new UserError(
          "--method=" + options.getMethod().optionName() + ": " + e.getMessage(), e);
    }
  }
}

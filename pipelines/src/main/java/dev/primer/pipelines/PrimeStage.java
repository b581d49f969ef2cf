package dev.primer.pipelines;

import dev.primer.UserError;
import dev.primer.encode.LabelVocabulary;
import dev.primer.io.ResourceIO;
import dev.primer.io.SpecificAvro;
import dev.primer.io.StageArtifacts;
import dev.primer.learn.checkpoint.CheckpointManifest;
import dev.primer.learn.meta.HeadInit;
import dev.primer.learn.meta.InnerOptimizer;
import dev.primer.learn.meta.MetaOrder;
import dev.primer.learn.meta.PrimingVariant;
import dev.primer.learn.peft.FinetuneMethod;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.priming.PrimeFn;
import dev.primer.priming.PrimeSettings;
import dev.primer.schemas.Metric;
import dev.primer.vocab.TokenizerJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;

/**
 * {@code prime}: meta-pretraining (the paper's priming) of the base encoder on the source-language
 * episodes, one independent task per variant, each into {@code prime/<variant>/checkpoint/}, with
 * resumable periodic checkpoints under {@code prime/<variant>/steps/} and metrics in {@code
 * prime/metrics/}. A rerun after a failure resumes every variant from its newest complete
 * checkpoint written with the same settings and inputs.
 */
final class PrimeStage implements Stage<PrimeOptions> {

  /** The episode files, relative to the episodes stage directory. */
  static final String EPISODE_FILES = StageArtifacts.EPISODE_FILES + "/part-*.avro";

  private static final Pattern KEPT =
      Pattern.compile("[^/]+/" + StageArtifacts.PRIME_STEPS + "/.+");

  @Override
  public String name() {
    return StageArtifacts.PRIME;
  }

  @Override
  public String summary() {
    return "meta-pretrains the base encoder on source-language episodes (priming, ablations)";
  }

  @Override
  public Class<PrimeOptions> optionsClass() {
    return PrimeOptions.class;
  }

  @Override
  public boolean keepsOnRerun(String relativePath) {
    return KEPT.matcher(relativePath).matches();
  }

  @Override
  public void plan(PrimeOptions options, StageContext context) throws Exception {
    variants(options);
    FinetuneMethod method = method(options);
    if (method.isFull()) {
      throw new UserError(
          "--method=full: priming adapts the parameters PEFT fine-tuning will train; choose a"
              + " PEFT method (adapter-houlsby, adapter-pfeiffer, lora, prefix, bitfit)");
    }
    positive("--metaBatch", options.getMetaBatch());
    atLeast("--innerSteps", options.getInnerSteps(), 0);
    atLeast("--innerBatchSize", options.getInnerBatchSize(), 0);
    atLeast("--metaSteps", options.getMetaSteps(), 0);
    atLeast("--checkpointEvery", options.getCheckpointEvery(), 0);
    positive("--keepCheckpoints", options.getKeepCheckpoints());
    positive("--primeLogEvery", options.getPrimeLogEvery());
    atLeast("--primeStopAfter", options.getPrimeStopAfter(), 0);
    if (!(options.getInnerLr() > 0)) {
      throw new UserError("--innerLr must be > 0");
    }
    if (!(options.getOuterLr() > 0)) {
      throw new UserError("--outerLr must be > 0");
    }
    if (!(options.getOuterWarmupRatio() >= 0 && options.getOuterWarmupRatio() <= 1)) {
      throw new UserError("--outerWarmupRatio must be in [0, 1]");
    }
    if (order(options) == MetaOrder.SECOND && innerOptimizer(options) != InnerOptimizer.SGD) {
      throw new UserError(
          "--metaOrder=second differentiates through plain gradient steps: use"
              + " --innerOptimizer=sgd");
    }
    headInit(options);
    peft(options);
    context.requireUpstream(StageArtifacts.VOCAB);
    context.requireUpstream(StageArtifacts.ENCODE);
    context.requireUpstream(StageArtifacts.EPISODES);
    context.requireUpstream(StageArtifacts.PRETRAIN);
    String episodes = context.upstreamDirectory(StageArtifacts.EPISODES) + EPISODE_FILES;
    if (ResourceIO.list(episodes).isEmpty()) {
      throw new UserError("the episodes stage wrote no episode file matching " + episodes);
    }
  }

  private static void positive(String name, Integer value) {
    atLeast(name, value, 1);
  }

  private static void atLeast(String name, Integer value, int min) {
    if (value == null || value < min) {
      throw new UserError(name + " must be >= " + min + ", got " + value);
    }
  }

  static List<PrimingVariant> variants(PrimeOptions options) {
    List<PrimingVariant> out = new ArrayList<>();
    for (String name : options.getPrimeVariants().split(",")) {
      if (name.isBlank()) {
        continue;
      }
      PrimingVariant v;
      try {
        v = PrimingVariant.fromOptionName(name);
      } catch (IllegalArgumentException e) {
        throw new UserError("--primeVariants: " + e.getMessage(), e);
      }
      if (out.contains(v)) {
        throw new UserError("--primeVariants names " + v + " twice");
      }
      out.add(v);
    }
    if (out.isEmpty()) {
      throw new UserError("--primeVariants must name at least one variant");
    }
    return out;
  }

  private static FinetuneMethod method(PrimeOptions options) {
    try {
      return FinetuneMethod.fromOptionName(options.getMethod());
    } catch (IllegalArgumentException e) {
      throw new UserError("--method: " + e.getMessage(), e);
    }
  }

  /** The PEFT configuration fine-tuning builds for the same method and options. */
  private static PeftConfig peft(PrimeOptions options) {
    try {
      return method(options)
          .peftConfig(
              options.getReductionFactor(), options.getLoraRank(), options.getPrefixLength());
    } catch (IllegalArgumentException e) {
      throw new UserError("--method=" + options.getMethod() + ": " + e.getMessage(), e);
    }
  }

  private static MetaOrder order(PrimeOptions options) {
    return switch (options.getMetaOrder().trim().toLowerCase(Locale.ROOT)) {
      case "first" -> MetaOrder.FIRST;
      case "second" -> MetaOrder.SECOND;
      default ->
          throw new UserError(
              "--metaOrder must be first or second, got '" + options.getMetaOrder() + "'");
    };
  }

  private static InnerOptimizer innerOptimizer(PrimeOptions options) {
    return switch (options.getInnerOptimizer().trim().toLowerCase(Locale.ROOT)) {
      case "sgd" -> InnerOptimizer.SGD;
      case "adam" -> InnerOptimizer.ADAM;
      default ->
          throw new UserError(
              "--innerOptimizer must be sgd or adam, got '" + options.getInnerOptimizer() + "'");
    };
  }

  private static HeadInit headInit(PrimeOptions options) {
    try {
      return HeadInit.fromOptionName(options.getHeadInit());
    } catch (IllegalArgumentException e) {
      throw new UserError("--headInit: " + e.getMessage(), e);
    }
  }

  @Override
  public void run(PrimeOptions options, StageContext context) throws Exception {
    List<PrimingVariant> variants = variants(options);
    FinetuneMethod method = method(options);
    List<String> labels =
        LabelVocabulary.fromJson(
                ResourceIO.readString(
                    context.layout().stageFile(StageArtifacts.ENCODE, StageArtifacts.LABELS)))
            .labels();
    TokenizerJson tokenizer =
        TokenizerJson.parse(
            ResourceIO.readString(
                context.layout().stageFile(StageArtifacts.VOCAB, StageArtifacts.TOKENIZER)));
    Map<String, Integer> vocab = tokenizer.vocab();
    int padId = vocab.getOrDefault("[PAD]", vocab.getOrDefault("<pad>", 0));
    String upstream =
        String.join(
            ",",
            context.manifest().upstream.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().cacheKey)
                .sorted()
                .toList());
    PrimeSettings settings =
        new PrimeSettings(
            context.layout().runId(),
            context.upstreamDirectory(StageArtifacts.EPISODES) + EPISODE_FILES,
            context
                .layout()
                .stageSubdirectory(StageArtifacts.PRETRAIN, StageArtifacts.CHECKPOINT)
                .toString(),
            context.outputDirectory().toString(),
            labels,
            padId,
            method.optionName(),
            peft(options).toJson(),
            options.getMetaBatch(),
            options.getInnerSteps(),
            options.getInnerLr(),
            innerOptimizer(options),
            options.getInnerBatchSize(),
            options.getOuterLr(),
            options.getOuterWarmupRatio(),
            options.getMetaSteps(),
            order(options),
            headInit(options),
            Boolean.TRUE.equals(options.getLazyEmbeddings()),
            options.getCheckpointEvery(),
            options.getKeepCheckpoints(),
            options.getPrimeLogEvery(),
            options.getPrimeStopAfter(),
            options.getSeed(),
            Boolean.TRUE.equals(options.getDeterministic()),
            upstream);

    Pipeline pipeline = PipelineRuns.create(options, name());
    pipeline
        .apply(
            "Variants",
            Create.of(variants.stream().map(PrimingVariant::optionName).toList())
                .withCoder(StringUtf8Coder.of()))
        .apply("SpreadVariants", Reshuffle.viaRandomKey())
        .apply("Prime", ParDo.of(new PrimeFn(settings)))
        .apply(
            "WriteMetrics",
            SpecificAvro.write(Metric.class)
                .to(context.outputDirectory(StageArtifacts.METRICS) + "part")
                .withSuffix(".avro"));
    PipelineRuns.runToCompletion(pipeline, options);

    for (PrimingVariant v : variants) {
      String checkpoint = v.optionName() + "/" + StageArtifacts.CHECKPOINT + "/";
      CheckpointManifest manifest =
          PretrainStage.checkpointManifest(
              context.layout().stageFile(name(), checkpoint + CheckpointManifest.FILE));
      context.manifest().counts.set(v.optionName(), manifest.provenance().path("priming"));
      context.manifest().outputs.put(v.optionName(), checkpoint);
    }
    context.manifest().counts.put("labels", labels.size());
    context.manifest().outputs.put("metrics", StageArtifacts.METRICS + "/part-*.avro");
    context.manifest().outputs.put("steps", "<variant>/" + StageArtifacts.PRIME_STEPS + "/");
  }
}

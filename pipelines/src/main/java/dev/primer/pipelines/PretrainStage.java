package dev.primer.pipelines;

import dev.primer.OptionNames;
import dev.primer.UserError;
import dev.primer.export.ExportedModels;
import dev.primer.io.LocalCopies;
import dev.primer.io.ResourceIO;
import dev.primer.io.SpecificAvro;
import dev.primer.io.StageArtifacts;
import dev.primer.learn.PretrainedWeights;
import dev.primer.learn.checkpoint.CheckpointManifest;
import dev.primer.learn.train.TrainingConfig;
import dev.primer.pretrain.PretrainChecks;
import dev.primer.pretrain.PretrainFn;
import dev.primer.pretrain.PretrainMode;
import dev.primer.pretrain.PretrainSettings;
import dev.primer.schemas.Metric;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.ParDo;

/**
 * {@code pretrain}: the base encoder checkpoint {@code pretrain/checkpoint/}, by masked-LM
 * pretraining from scratch on the encoded train splits ({@code mlm}), or from pretrained weights
 * ({@code import}; {@code derive} keeps the first K layers), the vocabulary pruned to the run's
 * tokenizer when the vocab stage pruned it. Metrics in {@code pretrain/metrics/}.
 */
final class PretrainStage extends NamedStage<PretrainOptions, PretrainSettings> {

  PretrainStage() {
    super(
        StageArtifacts.PRETRAIN,
        "the base encoder: masked-LM pretraining from scratch, or imported/derived weights",
        PretrainOptions.class);
  }

  @Override
  public PretrainSettings plan(PretrainOptions options, StageContext context) throws Exception {
    PretrainMode mode = mode(options);
    if (mode == PretrainMode.MLM) {
      PretrainChecks.mlm(
          options.getPretrainSteps(),
          options.getPretrainBatchSize(),
          options.getPretrainLogEvery(),
          options.getPretrainLr(),
          options.getPretrainWarmupRatio(),
          options.getMaskProbability());
      context.requireUpstream(StageArtifacts.VOCAB);
      context.requireUpstream(StageArtifacts.ENCODE);
      String encoded = encodedDirectory(context);
      for (String pattern : trainPatterns(options, encoded)) {
        if (ResourceIO.list(pattern).isEmpty()) {
          throw new UserError(
              "--pretrainLangs: the encode stage wrote no train sentences matching " + pattern);
        }
      }
    } else {
      if (options.getWeights().isBlank()) {
        throw new UserError("--pretrainMode=" + mode.optionName() + " needs --weights=PATH");
      }
      if (!LocalCopies.exists(options.getWeights())) {
        throw new UserError("--weights: no such file or directory: " + options.getWeights());
      }
      // a remote file or directory is checked on a local copy (the importers read zips randomly)
      Path weights = LocalCopies.of(options.getWeights());
      if (options.getKeepLayers() < 0) {
        throw new UserError("--keepLayers must be >= 0 (0 keeps every layer)");
      }
      if (mode == PretrainMode.IMPORT && options.getKeepLayers() > 0) {
        throw new UserError("--keepLayers applies to --pretrainMode=derive, not import");
      }
      try {
        if (ExportedModels.isExportDirectory(weights)) {
          // An export of ./primer export: read as the import will (configs, base sha256, tensors).
          ExportedModels.read(ResourceIO.directory(weights.toAbsolutePath() + "/"));
        } else {
          PretrainedWeights.check(weights);
        }
      } catch (IOException | IllegalArgumentException e) {
        throw new UserError(
            "--weights: " + options.getWeights() + " is not usable weights: " + e.getMessage(), e);
      }
      context.requireUpstream(StageArtifacts.VOCAB);
      if (LocalCopies.isRemote(options.getWeights())) {
        for (ResourceId file : LocalCopies.remoteFiles(options.getWeights())) {
          context.recordInputFile(file);
        }
      } else {
        context.recordLocalInputs(weights);
      }
    }
    return settings(options, mode, context);
  }

  /** The settings of the pretraining task, from the checked options. */
  private static PretrainSettings settings(
      PretrainOptions options, PretrainMode mode, StageContext context) throws IOException {
    String encoded = mode == PretrainMode.MLM ? encodedDirectory(context) : null;
    String mapping =
        context.upstreamFile(StageArtifacts.VOCAB, StageArtifacts.VOCAB_MAPPING).toString();
    boolean pruned = ResourceIO.exists(ResourceIO.file(mapping));
    List<String> langs = langs(options);
    boolean mlm = mode == PretrainMode.MLM;
    TrainingConfig.Builder training =
        TrainingConfig.builder()
            .setSeed(options.getSeed())
            .setSingleThreaded(Boolean.TRUE.equals(options.getDeterministic()));
    if (mlm) {
      long steps = options.getPretrainSteps();
      training
          .setMaxSteps(steps)
          .setBatchSize(options.getPretrainBatchSize())
          .setLearningRate(options.getPretrainLr())
          .setWarmupRatio(options.getPretrainWarmupRatio())
          .setLogEvery(options.getPretrainLogEvery())
          .setEvalEvery(Math.max(1, steps / 10));
    }
    return PretrainSettings.builder()
        .run(context.layout().runId(), mode)
        .tokenizer(context.upstreamFile(StageArtifacts.VOCAB, StageArtifacts.TOKENIZER).toString())
        .vocabMapping(pruned ? mapping : null)
        .trainPatterns(mlm ? patterns(langs, encoded, "train") : List.of())
        .devPatterns(mlm ? patterns(langs, encoded, "dev") : List.of())
        .langs(langs)
        .preset(options.getPreset().optionName())
        .training(training.build())
        .maskProbability(options.getMaskProbability())
        .weights(options.getWeights())
        .keepLayers(options.getKeepLayers())
        .checkpoint(context.outputDirectory(StageArtifacts.CHECKPOINT))
        .build();
  }

  private static PretrainMode mode(PretrainOptions options) {
    return options.getPretrainMode();
  }

  private static List<String> langs(PretrainOptions options) {
    return OptionNames.list(options.getPretrainLangs()).stream().distinct().toList();
  }

  private static String encodedDirectory(StageContext context) throws IOException {
    return context.upstreamDirectory(StageArtifacts.ENCODE) + StageArtifacts.ENCODED + "/";
  }

  private static List<String> trainPatterns(PretrainOptions options, String encoded) {
    return patterns(langs(options), encoded, "train");
  }

  private static List<String> patterns(List<String> langs, String encoded, String split) {
    if (langs.isEmpty()) {
      return List.of(StageArtifacts.partitions(encoded, "*", split));
    }
    return langs.stream().map(l -> StageArtifacts.partitions(encoded, l, split)).toList();
  }

  @Override
  public void run(PretrainOptions options, PretrainSettings settings, StageContext context)
      throws Exception {
    PretrainMode mode = settings.mode();
    boolean pruned = settings.vocabMapping() != null;
    Pipeline pipeline = PipelineRuns.create(options, name());
    pipeline
        .apply("Task", Create.of(mode.optionName()).withCoder(StringUtf8Coder.of()))
        .apply("Pretrain", ParDo.of(new PretrainFn(settings)))
        .apply(
            "WriteMetrics",
            SpecificAvro.write(Metric.class)
                .to(context.outputDirectory(StageArtifacts.METRICS) + "part")
                .withSuffix(".avro"));
    PipelineRuns.runToCompletion(pipeline, options);

    CheckpointManifest checkpoint =
        RunArtifacts.checkpointManifest(
            context.outputFile(StageArtifacts.CHECKPOINT + "/" + CheckpointManifest.FILE));
    context.manifest().counts.put("mode", mode.optionName());
    context.manifest().counts.put("parameters", checkpoint.totalParameters());
    context.manifest().counts.put("vocabularyPruned", pruned);
    context.manifest().counts.set("checkpoint", checkpoint.provenance());
    context.manifest().outputs.put("checkpoint", StageArtifacts.CHECKPOINT + "/");
    context.manifest().outputs.put("metrics", StageArtifacts.METRICS + "/part-*.avro");
  }
}

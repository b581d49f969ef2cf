package dev.primer.pipelines;

import dev.primer.io.SpecificAvro;
import dev.primer.io.StageArtifacts;
import dev.primer.learn.checkpoint.CheckpointManifest;
import dev.primer.learn.meta.PrimingVariant;
import dev.primer.priming.PrimeFn;
import dev.primer.priming.PrimeSettings;
import dev.primer.schemas.Metric;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;

/**
 * {@code prime}: meta-pretraining (the paper's priming) of the base encoder on the source-language
 * episodes, one independent task per variant, each into {@code
 * prime/<attempt>/<variant>/checkpoint/}, with metrics in {@code prime/<attempt>/metrics/}. The
 * resumable periodic checkpoints go to the stage's work area {@code prime/_work/<variant>/steps/},
 * which outlives a failed attempt: a rerun after a failure resumes every variant from its newest
 * complete checkpoint written with the same settings and inputs. The work area is removed once the
 * stage commits, and by {@code --force}.
 */
final class PrimeStage extends NamedStage<PrimeOptions, PrimePlan> {

  /** The episode files, relative to the episodes stage's committed output directory. */
  static final String EPISODE_FILES = StageArtifacts.EPISODE_FILES + "/part-*.avro";

  PrimeStage() {
    super(
        StageArtifacts.PRIME,
        "meta-pretrains the base encoder on source-language episodes (priming, ablations)",
        PrimeOptions.class);
  }

  @Override
  public PrimePlan plan(PrimeOptions options, StageContext context) throws Exception {
    return PrimePlan.resolve(options, context);
  }

  @Override
  public void run(PrimeOptions options, PrimePlan plan, StageContext context) throws Exception {
    List<PrimingVariant> variants = plan.variants();
    PrimeSettings settings = plan.settings();
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
          RunArtifacts.checkpointManifest(context.outputFile(checkpoint + CheckpointManifest.FILE));
      context.manifest().counts.set(v.optionName(), manifest.provenance().path("priming"));
      context.manifest().outputs.put(v.optionName(), checkpoint);
    }
    context.manifest().counts.put("labels", settings.labels().size());
    context.manifest().outputs.put("metrics", StageArtifacts.METRICS + "/part-*.avro");
  }
}

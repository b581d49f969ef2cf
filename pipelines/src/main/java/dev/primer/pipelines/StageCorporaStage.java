package dev.primer.pipelines;

import dev.primer.UserError;
import dev.primer.corpus.CorpusFile;
import dev.primer.corpus.CorpusInputs;
import dev.primer.corpus.CorpusSpec;
import dev.primer.corpus.CorpusStats;
import dev.primer.corpus.IobPolicy;
import dev.primer.corpus.StageCorpora;
import dev.primer.corpus.StageSettings;
import dev.primer.corpus.StagedCorpora;
import dev.primer.io.CollectJsonObject;
import dev.primer.io.ResourceIO;
import dev.primer.io.StageArtifacts;
import dev.primer.io.WriteDeadLetters;
import dev.primer.io.WritePartitionedAvro;
import dev.primer.io.WriteTextFile;
import dev.primer.schemas.Sentence;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * {@code stage}: raw NER corpora in five formats → deduplicated Avro {@code Sentence}s partitioned
 * by language and split, dead letters beside them, and per-language/split statistics.
 */
final class StageCorporaStage implements Stage<StageCorporaOptions> {

  private List<CorpusSpec> specs;
  private StageSettings settings;

  @Override
  public String name() {
    return StageArtifacts.STAGE;
  }

  @Override
  public String summary() {
    return "raw NER corpora (panx, conll2002, conll2003, masakhaner, uner) -> Avro sentences";
  }

  @Override
  public Class<StageCorporaOptions> optionsClass() {
    return StageCorporaOptions.class;
  }

  @Override
  public void plan(StageCorporaOptions options, StageContext context) throws Exception {
    if (options.getCorpus() == null || options.getCorpus().isEmpty()) {
      throw new UserError(
          "stage needs at least one --corpus=FORMAT:PATTERN, e.g."
              + " --corpus=panx:../shared/data/ner/panx/train-*.tsv.gz");
    }
    try {
      specs = CorpusSpec.parseAll(options.getCorpus());
      settings =
          StageSettings.defaults()
              .withIobPolicy(IobPolicy.parse(options.getIobPolicy()))
              .withLabelMap(options.getLabelMap())
              .withAllowedTypes(options.getAllowedTypes())
              .withMaxTokens(options.getMaxSentenceTokens());
      List<CorpusFile> files = CorpusInputs.resolve(specs);
      for (CorpusFile file : files) {
        context.recordInputFile(ResourceIO.file(file.source()));
      }
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  @Override
  public void run(StageCorporaOptions options, StageContext context) throws Exception {
    Pipeline pipeline = PipelineRuns.create(options, name());
    StagedCorpora staged =
        pipeline.apply("StageCorpora", StageCorpora.of(specs).withSettings(settings));
    staged
        .sentences()
        .apply(
            "WriteSentences",
            WritePartitionedAvro.to(
                Sentence.class,
                context.outputDirectory(StageArtifacts.SENTENCES),
                s -> WritePartitionedAvro.languageAndSplit(s.getLang(), s.getSplit())));
    staged
        .deadLetters()
        .apply("WriteDeadLetters", WriteDeadLetters.to(context.outputDirectory().toString()));
    staged
        .stats()
        .apply(
            "StatsToJson",
            MapElements.into(
                    TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                .via((CorpusStats s) -> KV.of(s.key(), CollectJsonObject.toJson(s.toMap()))))
        .apply("CollectStats", CollectJsonObject.of())
        .apply(
            "WriteStats",
            WriteTextFile.to(context.outputDirectory().toString(), StageArtifacts.STATS));
    PipelineRuns.runToCompletion(pipeline, options);

    StageReports.recordStats(context, StageArtifacts.STATS);
    StageReports.recordDeadLetters(context);
    context.manifest().outputs.put("sentences", StageArtifacts.SENTENCES + "/lang=*/split=*/");
    context.manifest().outputs.put("deadLetters", StageArtifacts.DEAD_LETTERS + ".jsonl");
    context.manifest().outputs.put("stats", StageArtifacts.STATS);
  }
}

package dev.primer.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.primer.OptionChecks;
import dev.primer.UserError;
import dev.primer.corpus.CorpusFile;
import dev.primer.corpus.CorpusInputs;
import dev.primer.corpus.CorpusSpec;
import dev.primer.corpus.CorpusStats;
import dev.primer.corpus.StageCorpora;
import dev.primer.corpus.StageSettings;
import dev.primer.corpus.StagedCorpora;
import dev.primer.io.CollectJsonObject;
import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import dev.primer.io.StageArtifacts;
import dev.primer.io.WriteDeadLetters;
import dev.primer.io.WritePartitionedAvro;
import dev.primer.io.WriteTextFile;
import dev.primer.schemas.Sentence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * {@code stage}: raw NER corpora in five formats → Avro {@code Sentence}s partitioned by language
 * and split (train deduplicated, dev and test whole unless {@code --dedupSplits} says otherwise),
 * dead letters beside them, and per-language/split statistics. The manifest's counts also hold
 * {@code deduplicatedSplits}, {@code entityTypes} (per language, every type with its entity count
 * over all splits) and {@code rareEntityTypes} (per language, the types with under {@value
 * #RARE_PER_MILLE} per mille of its entities: likely strays to check before training); the console
 * summary lists the same.
 */
final class StageCorporaStage extends NamedStage<StageCorporaOptions, StageCorporaStage.Plan> {

  /** A type with fewer than this many entities per 1000 of its language's entities is rare. */
  static final int RARE_PER_MILLE = 1;

  /** What plan() resolved: the parsed corpus specs and the staging settings. */
  record Plan(List<CorpusSpec> specs, StageSettings settings) {
    Plan {
      specs = List.copyOf(specs);
    }
  }

  StageCorporaStage() {
    super(
        StageArtifacts.STAGE,
        "raw NER corpora (panx, conll2002, conll2003, masakhaner, uner) -> Avro sentences",
        StageCorporaOptions.class);
  }

  @Override
  public Plan plan(StageCorporaOptions options, StageContext context) throws Exception {
    if (options.getCorpus() == null || options.getCorpus().isEmpty()) {
      throw new UserError(
          "stage needs at least one --corpus=FORMAT:PATTERN, e.g."
              + " --corpus=panx:../shared/data/ner/panx/train-*.tsv.gz");
    }
    try {
      List<CorpusSpec> specs = CorpusSpec.parseAll(CorpusSpec.joinCommaSplit(options.getCorpus()));
      StageSettings base =
          StageSettings.defaults()
              .withIobPolicy(options.getIobPolicy())
              .withLabelMap(options.getLabelMap())
              .withAllowedTypes(options.getAllowedTypes())
              .withMaxTokens(options.getMaxSentenceTokens());
      StageSettings settings =
          OptionChecks.parse("--dedupSplits", options.getDedupSplits(), base::withDedupSplits);
      List<CorpusFile> files = CorpusInputs.resolve(specs);
      for (CorpusFile file : files) {
        context.recordInputFile(ResourceIO.file(file.source()));
      }
      return new Plan(specs, settings);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  /** Sums entity counts per language over splits and flags the rare types. */
  static void recordEntityTypes(ObjectNode counts) {
    Map<String, Map<String, Long>> byLang = new TreeMap<>();
    for (JsonNode partition : counts.path("byPartition")) {
      Map<String, Long> types =
          byLang.computeIfAbsent(partition.path("lang").asText(), l -> new TreeMap<>());
      partition
          .path("entities")
          .fields()
          .forEachRemaining(e -> types.merge(e.getKey(), e.getValue().asLong(), Long::sum));
    }
    ObjectNode entityTypes = counts.putObject("entityTypes");
    ObjectNode rare = counts.putObject("rareEntityTypes");
    for (Map.Entry<String, Map<String, Long>> lang : byLang.entrySet()) {
      long total = lang.getValue().values().stream().mapToLong(Long::longValue).sum();
      ObjectNode types = entityTypes.putObject(lang.getKey());
      ArrayNode rareTypes = rare.putArray(lang.getKey());
      for (Map.Entry<String, Long> type : lang.getValue().entrySet()) {
        types.put(type.getKey(), type.getValue());
        if (type.getValue() * 1000 < total * RARE_PER_MILLE) {
          rareTypes.add(type.getKey());
        }
      }
    }
  }

  @Override
  public List<String> consoleSummary(Manifest manifest) {
    List<String> lines = new ArrayList<>();
    JsonNode types = manifest.counts.path("entityTypes");
    JsonNode rare = manifest.counts.path("rareEntityTypes");
    types
        .fields()
        .forEachRemaining(
            lang -> {
              List<String> parts = new ArrayList<>();
              lang.getValue()
                  .fields()
                  .forEachRemaining(t -> parts.add(t.getKey() + " " + t.getValue().asLong()));
              lines.add("entity types " + lang.getKey() + ": " + String.join(", ", parts));
              List<String> flagged = new ArrayList<>();
              rare.path(lang.getKey()).forEach(t -> flagged.add(t.asText()));
              if (!flagged.isEmpty()) {
                lines.add(
                    "WARNING "
                        + lang.getKey()
                        + ": rare entity types (under 0.1% of its entities, check before"
                        + " training): "
                        + String.join(", ", flagged));
              }
            });
    JsonNode dedup = manifest.counts.path("deduplicatedSplits");
    if (dedup.isArray()) {
      List<String> splits = new ArrayList<>();
      dedup.forEach(s -> splits.add(s.asText()));
      lines.add("deduplicated splits: " + (splits.isEmpty() ? "none" : String.join(", ", splits)));
    }
    return lines;
  }

  @Override
  public void run(StageCorporaOptions options, Plan plan, StageContext context) throws Exception {
    Pipeline pipeline = PipelineRuns.create(options, name());
    StagedCorpora staged =
        pipeline.apply("StageCorpora", StageCorpora.of(plan.specs()).withSettings(plan.settings()));
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
    ArrayNode deduplicated = context.manifest().counts.putArray("deduplicatedSplits");
    plan.settings().dedupSplits().forEach(deduplicated::add);
    recordEntityTypes(context.manifest().counts);
    context.manifest().outputs.put("sentences", StageArtifacts.SENTENCES + "/lang=*/split=*/");
    context.manifest().outputs.put("deadLetters", StageArtifacts.DEAD_LETTERS + ".jsonl");
    context.manifest().outputs.put("stats", StageArtifacts.STATS);
  }
}

package dev.primer.pipelines;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.primer.io.CollectJsonObject;
import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import dev.primer.io.StageArtifacts;
import dev.primer.io.WriteDeadLetters;
import dev.primer.io.WritePartitionedAvro;
import dev.primer.io.WriteTextFile;
import dev.primer.predict.PredictLines;
import dev.primer.schemas.Prediction;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.Contextful;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * {@code predict}: tags raw text (or pre-tokenized sentences) with the run's base model and the
 * adapter of each line's language ({@code --fallbackAdapter} for other languages). Writes {@code
 * predictions/lang=L/part-*.avro} ({@code Prediction}), {@code jsonl/lang=L/part-*.jsonl} (the same
 * as JSON lines), {@code counts.json} (tagged lines per language) and {@code deadletters.jsonl}
 * (empty lines, invalid UTF-8 or JSON, unknown languages, words the vocabulary cannot encode).
 * Lines longer than the model window are cut into windows at word boundaries and joined back.
 */
final class PredictStage extends NamedStage<PredictOptions, PredictPlan> {

  static final String COUNTS_JSON = "counts.json";

  PredictStage() {
    super(
        StageArtifacts.PREDICT,
        "tags raw text with the base model and per-language adapters (JSONL + Avro)",
        PredictOptions.class);
  }

  @Override
  public PredictPlan plan(PredictOptions options, StageContext context) throws Exception {
    return PredictPlan.resolve(options, context);
  }

  @Override
  public void run(PredictOptions options, PredictPlan plan, StageContext context) throws Exception {
    String out = context.outputDirectory().toString();
    Pipeline pipeline = PipelineRuns.create(options, name());
    PCollectionTuple result =
        pipeline.apply(
            "PredictLines",
            PredictLines.of(plan.inputs(), plan.settings(), options.getLinesPerBatch(), name()));
    result
        .get(PredictLines.PREDICTIONS)
        .apply(
            "WritePredictions",
            WritePartitionedAvro.to(
                Prediction.class,
                context.outputDirectory(StageArtifacts.PREDICTIONS),
                p -> "lang=" + p.getLang()));
    result
        .get(PredictLines.PREDICTIONS)
        .apply(
            "ToJsonLines",
            MapElements.into(
                    TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                .via((Prediction p) -> KV.of(p.getLang(), PredictLines.json(p))))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .apply(
            "WriteJsonLines",
            FileIO.<String, KV<String, String>>writeDynamic()
                .by(KV::getKey)
                .withDestinationCoder(StringUtf8Coder.of())
                .via(Contextful.fn(KV::getValue), TextIO.sink())
                .to(context.outputDirectory(StageArtifacts.PREDICTIONS_JSONL))
                .withNaming(
                    lang -> FileIO.Write.defaultNaming("lang=" + lang + "/part", ".jsonl")));
    result.get(PredictLines.REJECTED).apply("WriteDeadLetters", WriteDeadLetters.to(out));
    result
        .get(PredictLines.PREDICTIONS)
        .apply(
            "Langs", MapElements.into(TypeDescriptors.strings()).via((Prediction p) -> p.getLang()))
        .apply("CountPerLanguage", Count.perElement())
        .apply(
            "CountJson",
            MapElements.into(
                    TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                .via(kv -> KV.of(kv.getKey(), Long.toString(kv.getValue()))))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .apply("CollectCounts", CollectJsonObject.of())
        .apply("WriteCounts", WriteTextFile.to(out, COUNTS_JSON));
    PipelineRuns.runToCompletion(pipeline, options);

    Map<String, Long> counts =
        Manifest.mapper()
            .readValue(
                ResourceIO.readString(context.outputFile(COUNTS_JSON)),
                new TypeReference<LinkedHashMap<String, Long>>() {});
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    StageReports.recordDeadLetters(context);
    context.manifest().counts.put("predictions", total);
    context.manifest().counts.set("predictionsPerLanguage", Manifest.toTree(counts));
    Map<String, String> adapters = new TreeMap<>();
    plan.settings().adapters().forEach((l, a) -> adapters.put(l, a.base() + " + " + a.peft()));
    context.manifest().counts.set("adapters", Manifest.toTree(adapters));
    context.manifest().counts.put("fallbackAdapter", plan.settings().fallbackLang());
    Map<String, String> outputs = context.manifest().outputs;
    outputs.put("predictions", StageArtifacts.PREDICTIONS + "/lang=*/part-*.avro");
    outputs.put("jsonl", StageArtifacts.PREDICTIONS_JSONL + "/lang=*/part-*.jsonl");
    outputs.put("counts", COUNTS_JSON);
    outputs.put("deadLetters", StageArtifacts.DEAD_LETTERS + ".jsonl");
  }
}

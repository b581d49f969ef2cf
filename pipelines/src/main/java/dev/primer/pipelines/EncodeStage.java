package dev.primer.pipelines;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.primer.OptionNames;
import dev.primer.UserError;
import dev.primer.encode.EncodeResult;
import dev.primer.encode.EncodeSentences;
import dev.primer.encode.EncodeStats;
import dev.primer.encode.LabelVocabulary;
import dev.primer.encode.UnknownTagPolicy;
import dev.primer.encode.WriteEncodedSentences;
import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import dev.primer.io.SpecificAvro;
import dev.primer.io.StageArtifacts;
import dev.primer.io.WriteDeadLetters;
import dev.primer.io.WriteTextFile;
import dev.primer.schemas.Sentence;
import dev.primer.vocab.TokenizerSource;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * {@code encode}: staged sentences → model inputs (subword ids, first-subword labels, word ids,
 * windows), partitioned by language and split, with the label vocabulary in {@code labels.json}.
 */
final class EncodeStage extends NamedStage<EncodeStageOptions, Stage.Checked> {

  EncodeStage() {
    super(
        StageArtifacts.ENCODE,
        "sentences -> subword ids with first-subword labels and windows (model inputs)",
        EncodeStageOptions.class);
  }

  @Override
  public Stage.Checked plan(EncodeStageOptions options, StageContext context) throws Exception {
    context.requireUpstream(StageArtifacts.STAGE);
    context.requireUpstream(StageArtifacts.VOCAB);
    if (options.getMaxLength() < 3) {
      throw new UserError("--maxLength must be at least 3 ([CLS], one subword, [SEP])");
    }
    policy(options);
    labels(options);
    return Stage.Checked.OK;
  }

  @Override
  public void run(EncodeStageOptions options, Stage.Checked plan, StageContext context)
      throws Exception {
    Pipeline pipeline = PipelineRuns.create(options, name());
    String tokenizer =
        context.upstreamFile(StageArtifacts.VOCAB, StageArtifacts.TOKENIZER).toString();
    EncodeSentences encode =
        EncodeSentences.using(TokenizerSource.ofUri(tokenizer))
            .withMaxLength(options.getMaxLength())
            .withUnknownTags(policy(options));
    LabelVocabulary labels = labels(options);
    if (labels != null) {
      encode = encode.withLabels(labels);
    }
    EncodeResult result =
        pipeline
            .apply(
                "ReadSentences",
                SpecificAvro.read(Sentence.class)
                    .from(
                        StageArtifacts.allPartitions(
                            context.upstreamDirectory(StageArtifacts.STAGE)
                                + StageArtifacts.SENTENCES)))
            .apply("EncodeSentences", encode);
    String out = context.outputDirectory().toString();
    result
        .encoded()
        .apply(
            "WriteEncoded",
            WriteEncodedSentences.to(context.outputDirectory(StageArtifacts.ENCODED)));
    result.labelsJson().apply("WriteLabels", WriteTextFile.to(out, StageArtifacts.LABELS));
    result.deadLetters().apply("WriteDeadLetters", WriteDeadLetters.to(out));
    result
        .stats()
        .apply("StatsToJson", MapElements.into(TypeDescriptors.strings()).via(EncodeStats::toJson))
        .apply("WriteStats", WriteTextFile.to(out, StageArtifacts.STATS));
    PipelineRuns.runToCompletion(pipeline, options);

    context.manifest().counts =
        (ObjectNode)
            Manifest.mapper()
                .readTree(ResourceIO.readString(context.outputFile(StageArtifacts.STATS)));
    context
        .manifest()
        .counts
        .set(
            "labels",
            Manifest.mapper()
                .readTree(ResourceIO.readString(context.outputFile(StageArtifacts.LABELS))));
    StageReports.recordDeadLetters(context);
    context.manifest().outputs.put("encoded", StageArtifacts.ENCODED + "/lang=*/split=*/");
    context.manifest().outputs.put("labels", StageArtifacts.LABELS);
    context.manifest().outputs.put("deadLetters", StageArtifacts.DEAD_LETTERS + ".jsonl");
    context.manifest().outputs.put("stats", StageArtifacts.STATS);
  }

  private static UnknownTagPolicy policy(EncodeStageOptions options) {
    return options.getUnknownTags();
  }

  private static LabelVocabulary labels(EncodeStageOptions options) {
    List<String> types = OptionNames.list(options.getLabelTypes());
    if (types.isEmpty()) {
      return null;
    }
    try {
      return LabelVocabulary.ofTypes(types);
    } catch (IllegalArgumentException e) {
      throw new UserError("--labelTypes: " + e.getMessage(), e);
    }
  }
}

package dev.primer.pipelines;

import dev.primer.OptionNames;
import dev.primer.UserError;
import dev.primer.io.ResourceIO;
import dev.primer.io.SpecificAvro;
import dev.primer.io.StageArtifacts;
import dev.primer.io.WriteTextFile;
import dev.primer.schemas.Sentence;
import dev.primer.vocab.BertNormalizerOptions;
import dev.primer.vocab.ComputeVocabStats;
import dev.primer.vocab.LearnVocabulary;
import dev.primer.vocab.MergeScore;
import dev.primer.vocab.PruneVocabulary;
import dev.primer.vocab.ReadTokenizerJson;
import dev.primer.vocab.TokenizerSource;
import dev.primer.vocab.VocabStats;
import dev.primer.vocab.VocabularyResult;
import dev.primer.vocab.WordPieceOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * {@code vocab}: a subword vocabulary as a HuggingFace {@code tokenizer.json}, learned from the
 * staged corpus or taken from a pretrained model (optionally pruned to the corpus), with
 * per-language statistics (unknown rate, pieces per word).
 */
final class VocabStage extends NamedStage<VocabOptions, Stage.Checked> {

  VocabStage() {
    super(
        StageArtifacts.VOCAB,
        "a WordPiece vocabulary (learned, or a pretrained tokenizer.json, optionally pruned)",
        VocabOptions.class);
  }

  @Override
  public Stage.Checked plan(VocabOptions options, StageContext context) throws Exception {
    context.requireUpstream(StageArtifacts.STAGE);
    if (options.getVocabMode() == VocabOptions.VocabMode.learn) {
      mergeScore(options);
      if (options.getVocabSize() < 5) {
        throw new UserError("--vocabSize must be at least 5 (the special tokens)");
      }
    } else {
      if (options.getTokenizer().isBlank()) {
        throw new UserError(
            "--vocabMode=" + options.getVocabMode() + " needs --tokenizer=PATH_TO/tokenizer.json");
      }
      InputChecks.tokenizer("--tokenizer", options.getTokenizer());
      context.recordInputFile(ResourceIO.file(options.getTokenizer()));
    }
    return Stage.Checked.OK;
  }

  @Override
  public void run(VocabOptions options, Stage.Checked plan, StageContext context) throws Exception {
    Pipeline pipeline = PipelineRuns.create(options, name());
    PCollection<Sentence> sentences =
        pipeline.apply(
            "ReadSentences",
            SpecificAvro.read(Sentence.class)
                .from(
                    StageArtifacts.allPartitions(
                        context.upstreamDirectory(StageArtifacts.STAGE)
                            + StageArtifacts.SENTENCES)));
    String[] splits = splits(options);
    String out = context.outputDirectory().toString();
    PCollection<VocabStats> stats;
    switch (options.getVocabMode()) {
      case learn -> {
        WordPieceOptions wordPiece =
            WordPieceOptions.ofSize(options.getVocabSize())
                .withMinFrequency(options.getMinPairFrequency())
                .withScore(mergeScore(options))
                .withNormalizer(
                    options.getUncased()
                        ? BertNormalizerOptions.uncased()
                        : BertNormalizerOptions.cased());
        VocabularyResult vocab =
            sentences.apply("LearnVocabulary", LearnVocabulary.of(wordPiece).withSplits(splits));
        vocab
            .tokenizerJson()
            .apply("WriteTokenizer", WriteTextFile.to(out, StageArtifacts.TOKENIZER));
        stats = vocab.stats();
      }
      case prune -> {
        VocabularyResult vocab =
            sentences.apply(
                "PruneVocabulary",
                PruneVocabulary.of(options.getTokenizer())
                    .withSplits(splits)
                    .keepingSingleCharacters(options.getKeepSingleCharacters()));
        vocab
            .tokenizerJson()
            .apply("WriteTokenizer", WriteTextFile.to(out, StageArtifacts.TOKENIZER));
        vocab
            .mappingTsv()
            .apply("WriteMapping", WriteTextFile.to(out, StageArtifacts.VOCAB_MAPPING));
        stats = vocab.stats();
      }
      case pretrained -> {
        pipeline
            .apply("ReadTokenizer", ReadTokenizerJson.from(options.getTokenizer()))
            .apply("WriteTokenizer", WriteTextFile.to(out, StageArtifacts.TOKENIZER));
        stats =
            sentences.apply(
                "ComputeVocabStats",
                ComputeVocabStats.using(TokenizerSource.ofUri(options.getTokenizer())));
      }
      default -> throw new IllegalStateException("unknown mode " + options.getVocabMode());
    }
    stats
        .apply("StatsToJson", MapElements.into(TypeDescriptors.strings()).via(VocabStats::toJson))
        .apply("WriteStats", WriteTextFile.to(out, StageArtifacts.STATS));
    PipelineRuns.runToCompletion(pipeline, options);

    context.manifest().counts =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            dev.primer.io.Manifest.mapper()
                .readTree(ResourceIO.readString(context.outputFile(StageArtifacts.STATS)));
    context.manifest().outputs.put("tokenizer", StageArtifacts.TOKENIZER);
    if (options.getVocabMode() == VocabOptions.VocabMode.prune) {
      context.manifest().outputs.put("mapping", StageArtifacts.VOCAB_MAPPING);
    }
    context.manifest().outputs.put("stats", StageArtifacts.STATS);
  }

  private static String[] splits(VocabOptions options) {
    return OptionNames.list(options.getVocabSplits()).toArray(String[]::new);
  }

  private static MergeScore mergeScore(VocabOptions options) {
    return options.getMergeRule();
  }
}

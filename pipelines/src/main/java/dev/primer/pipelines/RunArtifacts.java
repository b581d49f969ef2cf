package dev.primer.pipelines;

import dev.primer.encode.LabelVocabulary;
import dev.primer.finetune.TaskEntry;
import dev.primer.finetune.TaskResultLocations;
import dev.primer.io.CommittedStage;
import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import dev.primer.io.StageArtifacts;
import dev.primer.learn.checkpoint.CheckpointManifest;
import dev.primer.vocab.SpecialTokens;
import dev.primer.vocab.TokenizerJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Reads the artifacts of a run's upstream stages for a stage's plan, the same way for every stage:
 * {@code vocab/tokenizer.json} and its pad id ({@link SpecialTokens#padId}: one rule, a tokenizer
 * without {@code [PAD]} is refused), {@code encode/labels.json}, {@code finetune/tasks.json}, each
 * in the upstream stage's committed output ({@link StageContext#upstream}; a UserError names the
 * stage to run when it has not committed).
 */
final class RunArtifacts {

  private RunArtifacts() {}

  /** {@code vocab/tokenizer.json} of the run. */
  static String tokenizerUri(StageContext context) throws IOException {
    return context.upstreamFile(StageArtifacts.VOCAB, StageArtifacts.TOKENIZER).toString();
  }

  /** The run's tokenizer. */
  static TokenizerJson tokenizer(StageContext context) throws IOException {
    return TokenizerJson.parse(ResourceIO.readString(ResourceIO.file(tokenizerUri(context))));
  }

  /** The pad id of the run's tokenizer; UserError when it has no {@code [PAD]}. */
  static int padId(StageContext context, TokenizerJson tokenizer) {
    return SpecialTokens.padId(tokenizer, StageArtifacts.VOCAB + "/" + StageArtifacts.TOKENIZER);
  }

  /** The label list of the run's encode output ({@code encode/labels.json}). */
  static List<String> labels(StageContext context) throws IOException {
    return LabelVocabulary.fromJson(
            ResourceIO.readString(
                context.upstreamFile(StageArtifacts.ENCODE, StageArtifacts.LABELS)))
        .labels();
  }

  /** {@code finetune/tasks.json} of the run: task id to its entry, in the file's order. */
  static Map<String, TaskEntry> finetuneTasks(StageContext context) throws IOException {
    return TaskEntry.readAll(
        Manifest.mapper(),
        ResourceIO.readString(
            context.upstreamFile(StageArtifacts.FINETUNE, FinetuneStage.TASKS_JSON)));
  }

  /** What a fine-tuning task directory's {@code result.json} says about its model's location. */
  static TaskResultLocations taskResult(String taskDirectory) throws IOException {
    return TaskResultLocations.parse(
        Manifest.mapper(),
        ResourceIO.readString(ResourceIO.file(taskDirectory + StageArtifacts.FINETUNE_RESULT)));
  }

  /**
   * {@code <runDirectory>/vocab/tokenizer.json} read through the vocab stage's committed manifest
   * (the stage directory itself for a run written before attempts existed); null when {@code
   * runDirectory} holds no committed vocab stage.
   */
  static ResourceId committedTokenizer(String runDirectory) throws IOException {
    ResourceId vocab =
        ResourceIO.childDirectory(ResourceIO.directory(runDirectory), StageArtifacts.VOCAB);
    return CommittedStage.read(StageArtifacts.VOCAB, vocab)
        .map(c -> c.file(StageArtifacts.TOKENIZER))
        .orElse(null);
  }

  /** Reads a checkpoint's {@code checkpoint.json} (one a stage of this run wrote). */
  static CheckpointManifest checkpointManifest(ResourceId file) throws IOException {
    try (InputStream in = ResourceIO.open(file)) {
      return CheckpointManifest.parse(in, file.toString());
    }
  }
}

package dev.primer.finetune;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The content of a task's {@code result.json} ({@code <tasksDirectory>/<task id>/result.json}),
 * bound by the shared mapper ({@link dev.primer.Json#mapper()}). Its fields and their order are
 * those of the hand-built file it replaces, so earlier files read the same ({@link
 * TaskResultLocations} reads the locations back); {@code peft} is {@code null} for a full
 * fine-tuning task.
 *
 * @param task the task id
 * @param runId the run
 * @param lang the task's language
 * @param setting the experimental setting
 * @param method the fine-tuning method
 * @param seed the task's seed
 * @param base the base checkpoint the task started from
 * @param peft the PEFT configuration as {@code PeftConfig#toJson()} writes it; null for full
 * @param initialisation which parameters started from the base
 * @param training the training settings and what training did
 * @param dev the selected parameters' dev scores
 * @param curve rows of the learning curve by step: {@code step} first, then those of {@code devF1},
 *     {@code devLoss}, {@code trainLoss} measured at it, in the order the metrics came
 * @param checkpoint the checkpoint the task wrote
 */
@JsonPropertyOrder({
  "task",
  "runId",
  "lang",
  "setting",
  "method",
  "seed",
  "base",
  "peft",
  "initialisation",
  "training",
  "dev",
  "curve",
  "checkpoint"
})
public record TaskResultJson(
    String task,
    String runId,
    String lang,
    String setting,
    String method,
    long seed,
    Base base,
    JsonNode peft,
    Initialisation initialisation,
    Training training,
    Dev dev,
    List<Map<String, Number>> curve,
    Checkpoint checkpoint) {

  /** The base checkpoint: its location and the hashes of its manifest and weights. */
  @JsonPropertyOrder({"location", "checkpointJsonSha256", "weightsSha256"})
  public record Base(String location, String checkpointJsonSha256, String weightsSha256) {}

  /** Whether the PEFT modules and the classifier started from the base's. */
  @JsonPropertyOrder({"peftFromBase", "classifierFromBase"})
  public record Initialisation(boolean peftFromBase, boolean classifierFromBase) {}

  /** The training settings and what training did. */
  @JsonPropertyOrder({
    "fewShot",
    "sentences",
    "windows",
    "maxSteps",
    "epochs",
    "evalEvery",
    "patience",
    "batchSize",
    "learningRate",
    "deterministic",
    "steps",
    "bestStep",
    "stoppedEarly",
    "lastLoss",
    "trainableParameters",
    "totalParameters",
    "seconds"
  })
  public record Training(
      int fewShot,
      int sentences,
      int windows,
      long maxSteps,
      int epochs,
      long evalEvery,
      int patience,
      int batchSize,
      double learningRate,
      boolean deterministic,
      long steps,
      long bestStep,
      boolean stoppedEarly,
      double lastLoss,
      long trainableParameters,
      long totalParameters,
      double seconds) {}

  /** The selected parameters' dev scores (micro averages, then per entity type). */
  @JsonPropertyOrder({
    "sentences",
    "f1",
    "precision",
    "recall",
    "support",
    "loss",
    "tokenAccuracy",
    "f1Untrained",
    "perType"
  })
  public record Dev(
      int sentences,
      double f1,
      double precision,
      double recall,
      long support,
      double loss,
      double tokenAccuracy,
      double f1Untrained,
      Map<String, Score> perType) {}

  /** One entity type's dev scores. */
  @JsonPropertyOrder({"precision", "recall", "f1", "support"})
  public record Score(double precision, double recall, double f1, long support) {}

  /**
   * The checkpoint the task wrote, relative to the task directory ({@code peft/} or {@code full/}).
   */
  @JsonPropertyOrder({"location", "kind", "weightsSha256", "tensors"})
  public record Checkpoint(String location, String kind, String weightsSha256, int tensors) {}
}

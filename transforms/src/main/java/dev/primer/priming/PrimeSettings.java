package dev.primer.priming;

import dev.primer.io.ResourceIO;
import dev.primer.learn.meta.HeadInit;
import dev.primer.learn.meta.InnerOptimizer;
import dev.primer.learn.meta.MetaOrder;
import dev.primer.learn.meta.PrimingVariant;
import dev.primer.learn.peft.PeftConfig;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Everything a priming task needs besides its variant: where to read (episodes, base checkpoint)
 * and write (the prime stage directory), and the training settings. Serializable: it travels with
 * the training DoFn to the workers.
 *
 * @param runId the run (recorded in metrics)
 * @param episodes glob of the episode Avro files
 * @param baseCheckpoint directory of the base checkpoint to prime (pretrain/checkpoint/)
 * @param primeDirectory the prime stage directory (prime/), ending in '/'
 * @param labels the label list (encode/labels.json)
 * @param padId the tokenizer's padding id
 * @param method the PEFT method's option name (e.g. adapter-houlsby), recorded in metrics
 * @param peftJson the PEFT configuration, {@link PeftConfig#toJson()}
 * @param metaBatch episodes per meta-step
 * @param innerSteps inner updates k
 * @param innerLearningRate inner learning rate
 * @param innerOptimizer inner update rule
 * @param innerBatchSize support sentences per inner step (0: all)
 * @param outerLearningRate peak outer learning rate
 * @param outerWarmupRatio share of meta-steps warming up
 * @param metaSteps meta-steps (0: one pass over the episodes)
 * @param order meta-gradient order
 * @param headInit the head per episode
 * @param lazyEmbeddings lazy outer update of the word-embedding rows
 * @param checkpointEvery periodic checkpoint interval (0: none)
 * @param keepCheckpoints periodic checkpoints kept
 * @param logEvery progress log interval
 * @param stopAfter fail after this many meta-steps of an invocation (0: never; tests)
 * @param seed the run's seed
 * @param deterministic one intra-op thread
 * @param upstream identity of the inputs (upstream cache keys), part of the resume fingerprint
 */
public record PrimeSettings(
    String runId,
    String episodes,
    String baseCheckpoint,
    String primeDirectory,
    List<String> labels,
    int padId,
    String method,
    String peftJson,
    int metaBatch,
    int innerSteps,
    double innerLearningRate,
    InnerOptimizer innerOptimizer,
    int innerBatchSize,
    double outerLearningRate,
    double outerWarmupRatio,
    long metaSteps,
    MetaOrder order,
    HeadInit headInit,
    boolean lazyEmbeddings,
    long checkpointEvery,
    int keepCheckpoints,
    long logEvery,
    long stopAfter,
    long seed,
    boolean deterministic,
    String upstream)
    implements Serializable {

  /** Validates and copies. */
  public PrimeSettings {
    labels = List.copyOf(labels);
    Objects.requireNonNull(order);
    Objects.requireNonNull(headInit);
    Objects.requireNonNull(innerOptimizer);
    if (metaBatch <= 0 || innerSteps < 0 || innerBatchSize < 0 || metaSteps < 0) {
      throw new IllegalArgumentException(
          "metaBatch must be > 0; innerSteps, innerBatchSize, metaSteps >= 0");
    }
    if (checkpointEvery < 0 || keepCheckpoints < 1 || logEvery < 1 || stopAfter < 0) {
      throw new IllegalArgumentException(
          "checkpointEvery >= 0, keepCheckpoints >= 1, logEvery >= 1, stopAfter >= 0");
    }
    if (order == MetaOrder.SECOND && innerOptimizer != InnerOptimizer.SGD) {
      throw new IllegalArgumentException("second-order meta-gradients need the sgd inner loop");
    }
    if (!primeDirectory.endsWith("/")) {
      primeDirectory = primeDirectory + "/";
    }
  }

  /** The PEFT configuration. */
  public PeftConfig peft() {
    return PeftConfig.fromJson(peftJson);
  }

  /** {@code prime/<variant>/}. */
  public String variantDirectory(PrimingVariant variant) {
    return primeDirectory + variant.optionName() + "/";
  }

  /**
   * What a periodic checkpoint must have been written with to be resumed: every setting that
   * changes the trained parameters (not the logging, checkpoint or stop settings), the variant and
   * the identity of the inputs (not their location); as a SHA-256.
   */
  public String fingerprint(PrimingVariant variant) {
    String text =
        String.join(
            "\n",
            "variant=" + variant.optionName(),
            "upstream=" + upstream,
            "labels=" + labels,
            "pad=" + padId,
            "peft=" + peft(),
            "metaBatch=" + metaBatch,
            "innerSteps=" + innerSteps,
            "innerLr=" + innerLearningRate,
            "innerOptimizer=" + innerOptimizer,
            "innerBatchSize=" + innerBatchSize,
            "outerLr=" + outerLearningRate,
            "outerWarmup=" + outerWarmupRatio,
            "metaSteps=" + metaSteps,
            "order=" + order,
            "headInit=" + headInit,
            "lazyEmbeddings=" + lazyEmbeddings,
            "seed=" + seed,
            "deterministic=" + deterministic);
    return ResourceIO.sha256(text.getBytes(StandardCharsets.UTF_8));
  }
}

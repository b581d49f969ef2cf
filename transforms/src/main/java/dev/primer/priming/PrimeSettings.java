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
 * @param primeDirectory the prime stage's output (attempt) directory, ending in '/': final
 *     checkpoints go to {@code <primeDirectory>/<variant>/checkpoint/}
 * @param workDirectory the prime stage's work area ({@code prime/_work/}), ending in '/': resumable
 *     periodic checkpoints go to {@code <workDirectory>/<variant>/steps/}, where a later attempt
 *     finds them
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
    String workDirectory,
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
    if (!workDirectory.endsWith("/")) {
      workDirectory = workDirectory + "/";
    }
  }

  /** The PEFT configuration. */
  public PeftConfig peft() {
    return PeftConfig.fromJson(peftJson);
  }

  /** {@code <primeDirectory>/<variant>/}: where the variant's final checkpoint goes. */
  public String variantDirectory(PrimingVariant variant) {
    return primeDirectory + variant.optionName() + "/";
  }

  /** {@code <workDirectory>/<variant>/steps/}: the variant's resumable periodic checkpoints. */
  public String stepsDirectory(PrimingVariant variant) {
    return workDirectory + variant.optionName() + "/steps/";
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

  /** A builder naming every setting, so that two neighbouring numbers cannot be swapped. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds PrimeSettings by name; {@link #build} runs the record's checks. Unset numbers are 0 and
   * unset booleans false, as in the record.
   */
  public static final class Builder {
    private String runId;
    private String episodes;
    private String baseCheckpoint;
    private String primeDirectory;
    private String workDirectory;
    private List<String> labels;
    private int padId;
    private String method;
    private String peftJson;
    private int metaBatch;
    private int innerSteps;
    private double innerLearningRate;
    private InnerOptimizer innerOptimizer;
    private int innerBatchSize;
    private double outerLearningRate;
    private double outerWarmupRatio;
    private long metaSteps;
    private MetaOrder order;
    private HeadInit headInit;
    private boolean lazyEmbeddings;
    private long checkpointEvery;
    private int keepCheckpoints;
    private long logEvery;
    private long stopAfter;
    private long seed;
    private boolean deterministic;
    private String upstream;

    private Builder() {}

    /** Sets {@link PrimeSettings#runId()}. */
    public Builder runId(String value) {
      this.runId = value;
      return this;
    }

    /** Sets {@link PrimeSettings#episodes()}. */
    public Builder episodes(String value) {
      this.episodes = value;
      return this;
    }

    /** Sets {@link PrimeSettings#baseCheckpoint()}. */
    public Builder baseCheckpoint(String value) {
      this.baseCheckpoint = value;
      return this;
    }

    /** Sets {@link PrimeSettings#primeDirectory()}. */
    public Builder primeDirectory(String value) {
      this.primeDirectory = value;
      return this;
    }

    /** Sets {@link PrimeSettings#workDirectory()}. */
    public Builder workDirectory(String value) {
      this.workDirectory = value;
      return this;
    }

    /** Sets {@link PrimeSettings#labels()}. */
    public Builder labels(List<String> value) {
      this.labels = value;
      return this;
    }

    /** Sets {@link PrimeSettings#padId()}. */
    public Builder padId(int value) {
      this.padId = value;
      return this;
    }

    /** Sets {@link PrimeSettings#method()}. */
    public Builder method(String value) {
      this.method = value;
      return this;
    }

    /** Sets {@link PrimeSettings#peftJson()}. */
    public Builder peftJson(String value) {
      this.peftJson = value;
      return this;
    }

    /** Sets {@link PrimeSettings#metaBatch()}. */
    public Builder metaBatch(int value) {
      this.metaBatch = value;
      return this;
    }

    /** Sets {@link PrimeSettings#innerSteps()}. */
    public Builder innerSteps(int value) {
      this.innerSteps = value;
      return this;
    }

    /** Sets {@link PrimeSettings#innerLearningRate()}. */
    public Builder innerLearningRate(double value) {
      this.innerLearningRate = value;
      return this;
    }

    /** Sets {@link PrimeSettings#innerOptimizer()}. */
    public Builder innerOptimizer(InnerOptimizer value) {
      this.innerOptimizer = value;
      return this;
    }

    /** Sets {@link PrimeSettings#innerBatchSize()}. */
    public Builder innerBatchSize(int value) {
      this.innerBatchSize = value;
      return this;
    }

    /** Sets {@link PrimeSettings#outerLearningRate()}. */
    public Builder outerLearningRate(double value) {
      this.outerLearningRate = value;
      return this;
    }

    /** Sets {@link PrimeSettings#outerWarmupRatio()}. */
    public Builder outerWarmupRatio(double value) {
      this.outerWarmupRatio = value;
      return this;
    }

    /** Sets {@link PrimeSettings#metaSteps()}. */
    public Builder metaSteps(long value) {
      this.metaSteps = value;
      return this;
    }

    /** Sets {@link PrimeSettings#order()}. */
    public Builder order(MetaOrder value) {
      this.order = value;
      return this;
    }

    /** Sets {@link PrimeSettings#headInit()}. */
    public Builder headInit(HeadInit value) {
      this.headInit = value;
      return this;
    }

    /** Sets {@link PrimeSettings#lazyEmbeddings()}. */
    public Builder lazyEmbeddings(boolean value) {
      this.lazyEmbeddings = value;
      return this;
    }

    /** Sets {@link PrimeSettings#checkpointEvery()}. */
    public Builder checkpointEvery(long value) {
      this.checkpointEvery = value;
      return this;
    }

    /** Sets {@link PrimeSettings#keepCheckpoints()}. */
    public Builder keepCheckpoints(int value) {
      this.keepCheckpoints = value;
      return this;
    }

    /** Sets {@link PrimeSettings#logEvery()}. */
    public Builder logEvery(long value) {
      this.logEvery = value;
      return this;
    }

    /** Sets {@link PrimeSettings#stopAfter()}. */
    public Builder stopAfter(long value) {
      this.stopAfter = value;
      return this;
    }

    /** Sets {@link PrimeSettings#seed()}. */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** Sets {@link PrimeSettings#deterministic()}. */
    public Builder deterministic(boolean value) {
      this.deterministic = value;
      return this;
    }

    /** Sets {@link PrimeSettings#upstream()}. */
    public Builder upstream(String value) {
      this.upstream = value;
      return this;
    }

    /** The settings; IllegalArgumentException when the record's checks fail. */
    public PrimeSettings build() {
      return new PrimeSettings(
          runId,
          episodes,
          baseCheckpoint,
          primeDirectory,
          workDirectory,
          labels,
          padId,
          method,
          peftJson,
          metaBatch,
          innerSteps,
          innerLearningRate,
          innerOptimizer,
          innerBatchSize,
          outerLearningRate,
          outerWarmupRatio,
          metaSteps,
          order,
          headInit,
          lazyEmbeddings,
          checkpointEvery,
          keepCheckpoints,
          logEvery,
          stopAfter,
          seed,
          deterministic,
          upstream);
    }
  }
}

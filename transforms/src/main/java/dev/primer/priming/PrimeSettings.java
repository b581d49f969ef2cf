package dev.primer.priming;

import dev.primer.io.ResourceIO;
import dev.primer.learn.meta.InnerLoopConfig;
import dev.primer.learn.meta.PrimingConfig;
import dev.primer.learn.meta.PrimingVariant;
import dev.primer.learn.peft.FinetuneMethod;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.train.LinearWarmupDecay;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Everything a priming task needs besides its variant: where to read (episodes, base checkpoint)
 * and write (the prime stage directory), the learning core's own configurations (PEFT and priming)
 * and the meta-loop's length, schedule and checkpointing. Serializable: it travels with the
 * training DoFn to the workers. Built by the prime stage's plan from the options.
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
 * @param upstream identity of the inputs (upstream cache keys), part of the resume fingerprint
 * @param method the PEFT method (not full), recorded in metrics
 * @param peft its PEFT configuration
 * @param priming the priming configuration every variant shares (head init, inner loop with {@link
 *     #ALL_SUPPORT} for "the whole support set", order, seed, pad id, lazy embeddings), without an
 *     outer schedule: {@link #config} adds the variant and the schedule
 * @param metaBatch episodes per meta-step
 * @param metaSteps meta-steps (0: one pass over the episodes)
 * @param outerLearningRate peak outer learning rate
 * @param outerWarmupRatio share of meta-steps warming up
 * @param checkpointEvery periodic checkpoint interval (0: none)
 * @param keepCheckpoints periodic checkpoints kept
 * @param logEvery progress log interval
 * @param stopAfter fail after this many meta-steps of an invocation (0: never; tests)
 * @param deterministic one intra-op thread
 */
public record PrimeSettings(
    String runId,
    String episodes,
    String baseCheckpoint,
    String primeDirectory,
    String workDirectory,
    List<String> labels,
    String upstream,
    FinetuneMethod method,
    PeftConfig peft,
    PrimingConfig priming,
    int metaBatch,
    long metaSteps,
    double outerLearningRate,
    double outerWarmupRatio,
    long checkpointEvery,
    int keepCheckpoints,
    long logEvery,
    long stopAfter,
    boolean deterministic)
    implements Serializable {

  /**
   * Inner batch size meaning "every support sentence in one batch" ({@code --innerBatchSize=0}).
   */
  public static final int ALL_SUPPORT = 1 << 20;

  /** Validates and copies. */
  public PrimeSettings {
    labels = List.copyOf(labels);
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(peft, "peft");
    Objects.requireNonNull(priming, "priming");
    if (method.isFull() || peft.method() != method.peftMethod()) {
      throw new IllegalArgumentException(
          "priming needs a PEFT method and its configuration, got " + method + " and " + peft);
    }
    if (metaBatch <= 0 || metaSteps < 0) {
      throw new IllegalArgumentException("metaBatch must be > 0, metaSteps >= 0");
    }
    if (!(outerLearningRate > 0) || !(outerWarmupRatio >= 0 && outerWarmupRatio <= 1)) {
      throw new IllegalArgumentException("outer learning rate > 0, warm-up ratio in [0, 1]");
    }
    if (checkpointEvery < 0 || keepCheckpoints < 1 || logEvery < 1 || stopAfter < 0) {
      throw new IllegalArgumentException(
          "checkpointEvery >= 0, keepCheckpoints >= 1, logEvery >= 1, stopAfter >= 0");
    }
    if (!primeDirectory.endsWith("/")) {
      primeDirectory = primeDirectory + "/";
    }
    if (!workDirectory.endsWith("/")) {
      workDirectory = workDirectory + "/";
    }
  }

  /** The priming configuration of a variant over {@code total} meta-steps (warm-up, decay). */
  public PrimingConfig config(PrimingVariant variant, long total) {
    long warmup = Math.round(outerWarmupRatio * total);
    return priming.toBuilder()
        .optVariant(variant)
        .setOuterSchedule(new LinearWarmupDecay(outerLearningRate, warmup, total))
        .build();
  }

  /** Support sentences per inner step as the option names it (0: all). */
  public int innerBatchSize() {
    int size = priming.inner().batchSize();
    return size >= ALL_SUPPORT ? 0 : size;
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
    InnerLoopConfig inner = priming.inner();
    String text =
        String.join(
            "\n",
            "variant=" + variant.optionName(),
            "upstream=" + upstream,
            "labels=" + labels,
            "pad=" + priming.padId(),
            "peft=" + peft,
            "metaBatch=" + metaBatch,
            "innerSteps=" + inner.steps(),
            "innerLr=" + inner.learningRate(),
            "innerOptimizer=" + inner.optimizer(),
            "innerBatchSize=" + innerBatchSize(),
            "outerLr=" + outerLearningRate,
            "outerWarmup=" + outerWarmupRatio,
            "metaSteps=" + metaSteps,
            "order=" + priming.order(),
            "headInit=" + priming.headInit(),
            "lazyEmbeddings=" + priming.lazyEmbeddings(),
            "seed=" + priming.seed(),
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
    private String upstream;
    private FinetuneMethod method;
    private PeftConfig peft;
    private PrimingConfig priming;
    private int metaBatch;
    private long metaSteps;
    private double outerLearningRate;
    private double outerWarmupRatio;
    private long checkpointEvery;
    private int keepCheckpoints;
    private long logEvery;
    private long stopAfter;
    private boolean deterministic;

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

    /** Sets {@link PrimeSettings#upstream()}. */
    public Builder upstream(String value) {
      this.upstream = value;
      return this;
    }

    /** Sets {@link PrimeSettings#method()} and {@link PrimeSettings#peft()}. */
    public Builder peft(FinetuneMethod method, PeftConfig peft) {
      this.method = method;
      this.peft = peft;
      return this;
    }

    /** Sets {@link PrimeSettings#priming()}. */
    public Builder priming(PrimingConfig value) {
      this.priming = value;
      return this;
    }

    /** Sets {@link PrimeSettings#metaBatch()}. */
    public Builder metaBatch(int value) {
      this.metaBatch = value;
      return this;
    }

    /** Sets {@link PrimeSettings#metaSteps()}. */
    public Builder metaSteps(long value) {
      this.metaSteps = value;
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

    /** Sets {@link PrimeSettings#deterministic()}. */
    public Builder deterministic(boolean value) {
      this.deterministic = value;
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
          upstream,
          method,
          peft,
          priming,
          metaBatch,
          metaSteps,
          outerLearningRate,
          outerWarmupRatio,
          checkpointEvery,
          keepCheckpoints,
          logEvery,
          stopAfter,
          deterministic);
    }
  }
}

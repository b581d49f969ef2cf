package dev.primer.finetune;

import dev.primer.learn.peft.FinetuneMethod;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.train.TrainingConfig;
import java.io.Serializable;
import java.util.List;

/**
 * Everything a fine-tuning task needs besides the task itself: where to read (encoded sentences,
 * labels) and write, and the training settings. Serializable: it travels with {@link FineTuneFn} to
 * the workers.
 *
 * @param runId the run (recorded in metrics)
 * @param encodedDirectory {@code encode/encoded/} (partitioned {@code lang=L/split=S/})
 * @param labels the label list of {@code encode/labels.json} (label ids index it)
 * @param padId the tokenizer's padding id
 * @param tasksDirectory {@code finetune/tasks/}; a task writes below {@code <tasks>/<task id>/}
 * @param fewShot train sentences per task (a seeded subset; 0 = the whole train split)
 * @param maxSteps updates per task (0: {@code epochs} passes over the training sentences)
 * @param epochs passes over the training sentences when {@code maxSteps} is 0
 * @param evalEvery dev evaluation every this many updates (0: after every epoch)
 * @param patience stop after this many dev evaluations without improvement (0: never)
 * @param batchSize sentences per update (and per evaluation forward pass)
 * @param learningRate peak AdamW learning rate of PEFT methods
 * @param fullLearningRate peak AdamW learning rate of full fine-tuning
 * @param warmupRatio share of the updates spent warming up (then linear decay)
 * @param weightDecay AdamW weight decay
 * @param reductionFactor adapter bottleneck = hidden / reductionFactor
 * @param loraRank LoRA rank (alpha = 2 x rank)
 * @param prefixLength prefix-tuning positions per layer
 * @param deterministic one libtorch intra-op thread (bit-reproducible on the CPU)
 */
public record FinetuneSettings(
    String runId,
    String encodedDirectory,
    List<String> labels,
    int padId,
    String tasksDirectory,
    int fewShot,
    long maxSteps,
    int epochs,
    long evalEvery,
    int patience,
    int batchSize,
    double learningRate,
    double fullLearningRate,
    double warmupRatio,
    double weightDecay,
    int reductionFactor,
    int loraRank,
    int prefixLength,
    boolean deterministic)
    implements Serializable {

  /** Validates and normalises directories to end in '/'. */
  public FinetuneSettings {
    labels = List.copyOf(labels);
    if (labels.isEmpty() || !labels.get(0).equals("O")) {
      throw new IllegalArgumentException("the label list must start with O, got " + labels);
    }
    if (fewShot < 0 || maxSteps < 0 || epochs < 0 || evalEvery < 0 || patience < 0) {
      throw new IllegalArgumentException(
          "fewShot, maxSteps, epochs, evalEvery and patience must be >= 0");
    }
    if (maxSteps == 0 && epochs == 0) {
      throw new IllegalArgumentException("need maxSteps > 0 or epochs > 0");
    }
    if (batchSize <= 0 || !(learningRate > 0) || !(fullLearningRate > 0)) {
      throw new IllegalArgumentException("batch size and learning rates must be > 0");
    }
    if (!(warmupRatio >= 0 && warmupRatio <= 1) || !(weightDecay >= 0)) {
      throw new IllegalArgumentException("warmupRatio must be in [0, 1], weightDecay >= 0");
    }
    if (reductionFactor <= 0 || loraRank <= 0 || prefixLength <= 0) {
      throw new IllegalArgumentException("reductionFactor, loraRank, prefixLength must be > 0");
    }
    encodedDirectory = slash(encodedDirectory);
    tasksDirectory = slash(tasksDirectory);
  }

  private static String slash(String dir) {
    return dir.endsWith("/") ? dir : dir + "/";
  }

  /** The PEFT configuration of a method ({@link PeftConfig#full()} for full fine-tuning). */
  public PeftConfig peftConfig(FinetuneMethod method) {
    return method.peftConfig(reductionFactor, loraRank, prefixLength);
  }

  /** The training configuration of a task (its seed, its method's learning rate). */
  public TrainingConfig trainingConfig(FinetuneTask task) {
    return TrainingConfig.builder()
        .setEpochs(Math.max(epochs, 1))
        .setMaxSteps(maxSteps)
        .setBatchSize(batchSize)
        .setLearningRate(task.finetuneMethod().isFull() ? fullLearningRate : learningRate)
        .setWarmupRatio(warmupRatio)
        .setWeightDecay(weightDecay)
        .setEvalEvery(evalEvery)
        .setPatience(patience)
        .setLogEvery(Math.max(1, evalEvery > 0 ? evalEvery : 50))
        .setSeed(task.seed())
        .setPadId(padId)
        .setSingleThreaded(deterministic)
        .build();
  }

  /** The task's output directory {@code <tasks>/<lang>/<setting>/<method>/seed=<s>/}. */
  public String taskDirectory(FinetuneTask task) {
    return tasksDirectory + task.id() + "/";
  }

  /** A builder naming every setting, so that two neighbouring numbers cannot be swapped. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds FinetuneSettings by name; {@link #build} runs the record's checks. Unset numbers are 0
   * and unset booleans false, as in the record.
   */
  public static final class Builder {
    private String runId;
    private String encodedDirectory;
    private List<String> labels;
    private int padId;
    private String tasksDirectory;
    private int fewShot;
    private long maxSteps;
    private int epochs;
    private long evalEvery;
    private int patience;
    private int batchSize;
    private double learningRate;
    private double fullLearningRate;
    private double warmupRatio;
    private double weightDecay;
    private int reductionFactor;
    private int loraRank;
    private int prefixLength;
    private boolean deterministic;

    private Builder() {}

    /** Sets {@link FinetuneSettings#runId()}. */
    public Builder runId(String value) {
      this.runId = value;
      return this;
    }

    /** Sets {@link FinetuneSettings#encodedDirectory()}. */
    public Builder encodedDirectory(String value) {
      this.encodedDirectory = value;
      return this;
    }

    /** Sets {@link FinetuneSettings#labels()}. */
    public Builder labels(List<String> value) {
      this.labels = value;
      return this;
    }

    /** Sets {@link FinetuneSettings#padId()}. */
    public Builder padId(int value) {
      this.padId = value;
      return this;
    }

    /** Sets {@link FinetuneSettings#tasksDirectory()}. */
    public Builder tasksDirectory(String value) {
      this.tasksDirectory = value;
      return this;
    }

    /** Sets {@link FinetuneSettings#fewShot()}. */
    public Builder fewShot(int value) {
      this.fewShot = value;
      return this;
    }

    /** Sets {@link FinetuneSettings#maxSteps()}. */
    public Builder maxSteps(long value) {
      this.maxSteps = value;
      return this;
    }

    /** Sets {@link FinetuneSettings#epochs()}. */
    public Builder epochs(int value) {
      this.epochs = value;
      return this;
    }

    /** Sets {@link FinetuneSettings#evalEvery()}. */
    public Builder evalEvery(long value) {
      this.evalEvery = value;
      return this;
    }

    /** Sets {@link FinetuneSettings#patience()}. */
    public Builder patience(int value) {
      this.patience = value;
      return this;
    }

    /** Sets {@link FinetuneSettings#batchSize()}. */
    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    /** Sets {@link FinetuneSettings#learningRate()}. */
    public Builder learningRate(double value) {
      this.learningRate = value;
      return this;
    }

    /** Sets {@link FinetuneSettings#fullLearningRate()}. */
    public Builder fullLearningRate(double value) {
      this.fullLearningRate = value;
      return this;
    }

    /** Sets {@link FinetuneSettings#warmupRatio()}. */
    public Builder warmupRatio(double value) {
      this.warmupRatio = value;
      return this;
    }

    /** Sets {@link FinetuneSettings#weightDecay()}. */
    public Builder weightDecay(double value) {
      this.weightDecay = value;
      return this;
    }

    /** Sets {@link FinetuneSettings#reductionFactor()}. */
    public Builder reductionFactor(int value) {
      this.reductionFactor = value;
      return this;
    }

    /** Sets {@link FinetuneSettings#loraRank()}. */
    public Builder loraRank(int value) {
      this.loraRank = value;
      return this;
    }

    /** Sets {@link FinetuneSettings#prefixLength()}. */
    public Builder prefixLength(int value) {
      this.prefixLength = value;
      return this;
    }

    /** Sets {@link FinetuneSettings#deterministic()}. */
    public Builder deterministic(boolean value) {
      this.deterministic = value;
      return this;
    }

    /** The settings; IllegalArgumentException when the record's checks fail. */
    public FinetuneSettings build() {
      return new FinetuneSettings(
          runId,
          encodedDirectory,
          labels,
          padId,
          tasksDirectory,
          fewShot,
          maxSteps,
          epochs,
          evalEvery,
          patience,
          batchSize,
          learningRate,
          fullLearningRate,
          warmupRatio,
          weightDecay,
          reductionFactor,
          loraRank,
          prefixLength,
          deterministic);
    }
  }
}

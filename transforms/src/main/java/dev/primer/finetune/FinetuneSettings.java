package dev.primer.finetune;

import dev.primer.learn.peft.FinetuneMethod;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.train.TrainingConfig;
import java.io.Serializable;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a fine-tuning task needs besides the task itself: where to read (encoded sentences,
 * labels) and write, and the learning core's own configurations, which every task specialises (its
 * seed, its method's learning rate and PEFT configuration). Serializable: it travels with {@link
 * FineTuneFn} to the workers. Built by the finetune stage's plan from the options.
 *
 * @param runId the run (recorded in metrics)
 * @param encodedDirectory {@code encode/encoded/} (partitioned {@code lang=L/split=S/})
 * @param labels the label list of {@code encode/labels.json} (label ids index it)
 * @param tasksDirectory {@code finetune/tasks/}; a task writes below {@code <tasks>/<task id>/}
 * @param fewShot train sentences per task (a seeded subset; 0 = the whole train split)
 * @param training the training configuration every task shares: its learning rate is that of the
 *     PEFT methods, its seed is replaced by the task's, its pad id is the tokenizer's, {@link
 *     TrainingConfig#singleThreaded()} is deterministic mode
 * @param fullLearningRate peak AdamW learning rate of full fine-tuning
 * @param peft the PEFT configuration of every method ({@link FinetuneMethod#peftConfigs})
 */
public record FinetuneSettings(
    String runId,
    String encodedDirectory,
    List<String> labels,
    String tasksDirectory,
    int fewShot,
    TrainingConfig training,
    double fullLearningRate,
    Map<FinetuneMethod, PeftConfig> peft)
    implements Serializable {

  /** Validates and normalises directories to end in '/'. */
  public FinetuneSettings {
    labels = List.copyOf(labels);
    if (labels.isEmpty() || !labels.get(0).equals("O")) {
      throw new IllegalArgumentException("the label list must start with O, got " + labels);
    }
    if (fewShot < 0) {
      throw new IllegalArgumentException("fewShot must be >= 0, got " + fewShot);
    }
    Objects.requireNonNull(training, "training");
    if (!(training.learningRate() > 0) || !(fullLearningRate > 0)) {
      throw new IllegalArgumentException("learning rates must be > 0");
    }
    Map<FinetuneMethod, PeftConfig> configs = new EnumMap<>(FinetuneMethod.class);
    configs.putAll(peft);
    for (FinetuneMethod m : FinetuneMethod.values()) {
      PeftConfig c = configs.get(m);
      if (c == null || c.method() != m.peftMethod()) {
        throw new IllegalArgumentException("no " + m.optionName() + " PEFT configuration: " + c);
      }
    }
    peft = Collections.unmodifiableMap(configs);
    encodedDirectory = slash(encodedDirectory);
    tasksDirectory = slash(tasksDirectory);
  }

  private static String slash(String dir) {
    return dir.endsWith("/") ? dir : dir + "/";
  }

  /** Deterministic mode: one libtorch intra-op thread (bit-reproducible on the CPU). */
  public boolean deterministic() {
    return training.singleThreaded();
  }

  /** The PEFT configuration of a method ({@link PeftConfig#full()} for full fine-tuning). */
  public PeftConfig peftConfig(FinetuneMethod method) {
    return peft.get(method);
  }

  /** The peak learning rate of a method: {@link #fullLearningRate} for full fine-tuning. */
  public double learningRate(FinetuneMethod method) {
    return method.isFull() ? fullLearningRate : training.learningRate();
  }

  /** The training configuration of a task (its seed, its method's learning rate). */
  public TrainingConfig trainingConfig(FinetuneTask task) {
    return training.toBuilder()
        .setLearningRate(learningRate(task.finetuneMethod()))
        .setSeed(task.seed())
        .build();
  }

  /** The task's output directory {@code <tasks>/<lang>/<setting>/<method>/seed=<s>/}. */
  public String taskDirectory(FinetuneTask task) {
    return tasksDirectory + task.id() + "/";
  }

  /** A builder naming every setting. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds FinetuneSettings by name; {@link #build} runs the record's checks. */
  public static final class Builder {
    private String runId;
    private String encodedDirectory;
    private List<String> labels;
    private String tasksDirectory;
    private int fewShot;
    private TrainingConfig training;
    private double fullLearningRate;
    private Map<FinetuneMethod, PeftConfig> peft;

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

    /** Sets {@link FinetuneSettings#training()}. */
    public Builder training(TrainingConfig value) {
      this.training = value;
      return this;
    }

    /** Sets {@link FinetuneSettings#fullLearningRate()}. */
    public Builder fullLearningRate(double value) {
      this.fullLearningRate = value;
      return this;
    }

    /** Sets {@link FinetuneSettings#peft()}. */
    public Builder peft(Map<FinetuneMethod, PeftConfig> value) {
      this.peft = value;
      return this;
    }

    /** The settings; IllegalArgumentException when the record's checks fail. */
    public FinetuneSettings build() {
      return new FinetuneSettings(
          runId,
          encodedDirectory,
          labels,
          tasksDirectory,
          fewShot,
          training,
          fullLearningRate,
          peft);
    }
  }
}

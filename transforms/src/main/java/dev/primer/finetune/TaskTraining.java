package dev.primer.finetune;

import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.peft.ParameterReport;
import dev.primer.learn.train.EvaluationMetrics;
import dev.primer.learn.train.StepMetrics;
import dev.primer.learn.train.TaggerTrainer;
import dev.primer.learn.train.TaggingEvaluation;
import dev.primer.learn.train.TrainingConfig;
import dev.primer.learn.train.TrainingObserver;
import dev.primer.learn.train.TrainingResult;
import dev.primer.schemas.EncodedSentence;
import dev.primer.seqeval.NerReport;
import dev.primer.seqeval.PrfScore;
import java.util.List;
import java.util.Map;

/**
 * Trains one task's model on its training sentences with dev-F1 model selection, and measures it:
 * the learning curve (dev F1 and loss at step 0 and at every evaluation, mean train loss since the
 * previous evaluation) and the final dev scores of the restored best parameters (seqeval micro and
 * per type). No Beam, no files: {@link FinetuneRunner} does the loading and writing.
 */
public final class TaskTraining {

  /**
   * What training produced.
   *
   * @param training the trainer's result (steps, evaluations, best)
   * @param initial dev F1 of the model before any update (the untrained head)
   * @param dev final seqeval report of the selected parameters on the dev set
   * @param devLoss mean dev cross-entropy of the selected parameters
   * @param parameters trainable/total parameter counts
   * @param seconds wall time of training and evaluation
   */
  public record Outcome(
      TrainingResult training,
      double initial,
      NerReport dev,
      double devLoss,
      ParameterReport parameters,
      double seconds) {

    /** The step whose parameters were selected (the best dev F1 after an update). */
    public long bestStep() {
      return training.best() == null ? training.steps() : training.best().step();
    }
  }

  private TaskTraining() {}

  /**
   * Trains and measures.
   *
   * @param model an initialised tagger (base weights loaded, PEFT modules and head inserted)
   * @param train training windows
   * @param dev dev windows (model selection and final scores)
   * @param labels the label list the tag ids index
   * @param config training configuration (seed, steps, evaluation interval, patience)
   * @param logLabel prefix of progress log lines (the task id)
   * @param metrics receives learning-curve and final records
   * @return the outcome; the model holds the selected parameters
   */
  public static Outcome run(
      EncoderModel model,
      List<EncodedSentence> train,
      List<EncodedSentence> dev,
      List<String> labels,
      TrainingConfig config,
      String logLabel,
      TaskMetrics metrics) {
    if (train.isEmpty()) {
      throw new IllegalArgumentException("no training sentences");
    }
    if (dev.isEmpty()) {
      throw new IllegalArgumentException("no dev sentences to select and score the model on");
    }
    long start = System.nanoTime();
    Curve curve = new Curve(metrics);
    TaggerTrainer trainer =
        TaggerTrainer.builder()
            .setModel(model)
            .setConfig(config)
            .optEvaluator(EntityScores.microF1(dev, labels))
            .optDevSet(dev)
            .optLogLabel(logLabel)
            .addListener(curve)
            .build();
    TaggingEvaluation before = trainer.evaluate(dev);
    metrics.add("dev", 0, "f1", before.score());
    metrics.add("dev", 0, "loss", before.loss());
    TrainingResult result = trainer.train(train);
    TaggingEvaluation after = trainer.evaluate(dev);
    NerReport report = EntityScores.report(dev, after.gold(), after.predicted(), labels);
    double seconds = (System.nanoTime() - start) / 1e9;
    ParameterReport parameters = ParameterReport.of(model);
    Outcome outcome =
        new Outcome(result, before.score(), report, after.loss(), parameters, seconds);
    finals(outcome, train, metrics);
    return outcome;
  }

  private static void finals(Outcome o, List<EncodedSentence> train, TaskMetrics metrics) {
    long end = TaskMetrics.FINAL;
    NerReport dev = o.dev();
    metrics.add("dev", end, "f1", dev.micro().f1());
    metrics.add("dev", end, "precision", dev.micro().precision());
    metrics.add("dev", end, "recall", dev.micro().recall());
    metrics.add("dev", end, "loss", o.devLoss());
    metrics.add("dev", end, "token_accuracy", dev.tokenAccuracy());
    metrics.add("dev", end, "f1_untrained", o.initial());
    for (Map.Entry<String, PrfScore> e : dev.perType().entrySet()) {
      metrics.add("dev", end, "f1/" + e.getKey(), e.getValue().f1());
      metrics.add("dev", end, "precision/" + e.getKey(), e.getValue().precision());
      metrics.add("dev", end, "recall/" + e.getKey(), e.getValue().recall());
    }
    metrics.add("train", end, "steps", o.training().steps());
    metrics.add("train", end, "best_step", o.bestStep());
    metrics.add("train", end, "stopped_early", o.training().stoppedEarly() ? 1 : 0);
    metrics.add("train", end, "loss", o.training().lastLoss());
    metrics.add("train", end, "sentences", FewShot.sentences(train));
    metrics.add("train", end, "windows", train.size());
    metrics.add("train", end, "trainable_parameters", o.parameters().trainable());
    metrics.add("train", end, "total_parameters", o.parameters().total());
    metrics.add("train", end, "seconds", o.seconds());
  }

  /** Learning-curve rows at every dev evaluation. */
  private static final class Curve implements TrainingObserver {
    private final TaskMetrics metrics;
    private double lossSum;
    private long losses;

    Curve(TaskMetrics metrics) {
      this.metrics = metrics;
    }

    @Override
    public void onStep(StepMetrics step) {
      lossSum += step.loss();
      losses++;
    }

    @Override
    public void onEvaluation(EvaluationMetrics e) {
      metrics.add("dev", e.step(), "f1", e.score());
      metrics.add("dev", e.step(), "loss", e.loss());
      if (losses > 0) {
        metrics.add("train", e.step(), "loss", lossSum / losses);
      }
      lossSum = 0;
      losses = 0;
    }
  }
}

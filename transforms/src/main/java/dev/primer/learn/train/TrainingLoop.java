package dev.primer.learn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.primer.learn.data.EncodedBatch;
import dev.primer.learn.model.EncoderModel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The update loop shared by fine-tuning and masked-LM pretraining: AdamW with linear warm-up and
 * decay, clipping, periodic dev evaluation, early stopping with patience, best parameters kept and
 * restored at the end, progress to listeners.
 */
final class TrainingLoop {

  private final EncoderModel model;
  private final TrainingConfig config;
  private final List<TrainingObserver> listeners;

  TrainingLoop(EncoderModel model, TrainingConfig config, List<TrainingObserver> listeners) {
    this.model = model;
    this.config = config;
    this.listeners = listeners;
  }

  /**
   * Trains the model's trainable parameters.
   *
   * @param source batches per epoch
   * @param totalSteps planned number of updates (sets the schedule)
   * @param loss builds a batch's loss from (batch, step manager)
   * @param dev dev evaluation, or null
   * @return the outcome
   */
  TrainingResult run(
      BatchSource source,
      long totalSteps,
      BiFunction<EncodedBatch, NDManager, NDArray> loss,
      DevEvaluation dev) {
    if (model.trainableParameters().isEmpty()) {
      throw new IllegalStateException("the model has no trainable parameters");
    }
    long warmup = Math.round(config.warmupRatio() * totalSteps);
    AdamW adamW =
        AdamW.builder()
            .optBetas(config.beta1(), config.beta2())
            .optEpsilon(config.epsilon())
            .optWeightDecay(config.weightDecay())
            .build();
    List<EvaluationMetrics> evaluations = new ArrayList<>();
    EvaluationMetrics best = null;
    boolean stoppedEarly = false;
    double lastLoss = Double.NaN;
    long step = 0;
    int badEvaluations = 0;
    ParameterSnapshot bestParameters = null;
    long start = System.nanoTime();
    try (ModelOptimizer optimizer =
        new ModelOptimizer(
            model.trainableParameters(),
            adamW,
            new LinearWarmupDecay(config.learningRate(), warmup, totalSteps),
            config.maxGradNorm())) {
      StepRunner runner = new StepRunner(model, optimizer);
      training:
      for (int epoch = 0; step < totalSteps; epoch++) {
        Iterator<EncodedBatch> batches = source.epoch(epoch);
        if (!batches.hasNext()) {
          break;
        }
        while (batches.hasNext() && step < totalSteps) {
          EncodedBatch batch = batches.next();
          long t0 = System.nanoTime();
          StepRunner.Result r = runner.run(m -> loss.apply(batch, m));
          long t1 = System.nanoTime();
          step++;
          lastLoss = r.loss();
          StepMetrics metrics =
              new StepMetrics(
                  step,
                  totalSteps,
                  epoch,
                  r.loss(),
                  r.update().learningRate(),
                  r.update().gradNorm(),
                  batch.tokenCount(),
                  (t1 - t0) / 1e9,
                  (t1 - start) / 1e9);
          listeners.forEach(l -> l.onStep(metrics));
          boolean evaluateNow =
              dev != null
                  && (config.evalEvery() > 0
                      ? step % config.evalEvery() == 0 || step == totalSteps
                      : !batches.hasNext() || step == totalSteps);
          if (evaluateNow) {
            DevEvaluation.Result e = dev.evaluate();
            boolean improved = best == null || e.score() > best.score();
            EvaluationMetrics em =
                new EvaluationMetrics(step, e.name(), e.score(), e.loss(), improved);
            evaluations.add(em);
            listeners.forEach(l -> l.onEvaluation(em));
            if (improved) {
              best = em;
              badEvaluations = 0;
              if (bestParameters == null) {
                bestParameters =
                    new ParameterSnapshot(model.trainableParameters().values(), model.manager());
              } else {
                bestParameters.recapture();
              }
            } else if (config.patience() > 0 && ++badEvaluations >= config.patience()) {
              stoppedEarly = true;
              break training;
            }
          }
        }
      }
      if (bestParameters != null) {
        bestParameters.restore();
      }
    } finally {
      if (bestParameters != null) {
        bestParameters.close();
      }
    }
    TrainingResult result = new TrainingResult(step, lastLoss, stoppedEarly, evaluations, best);
    listeners.forEach(l -> l.onEnd(result));
    return result;
  }
}

package dev.primer.learn.train;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs progress through slf4j every N updates: step, mean loss and tokens per second over the
 * interval, learning rate, and estimated time left; and every evaluation.
 */
public final class ProgressLogger implements TrainingObserver {

  private static final Logger LOG = LoggerFactory.getLogger(ProgressLogger.class);

  private final String label;
  private final long every;
  private double lossSum;
  private long lossCount;
  private long tokens;
  private double seconds;

  /**
   * Creates a logger.
   *
   * @param label prefix of every line (e.g. the run's name)
   * @param every log every this many updates
   */
  public ProgressLogger(String label, long every) {
    this.label = label;
    this.every = Math.max(1, every);
  }

  @Override
  public void onStep(StepMetrics m) {
    lossSum += m.loss();
    lossCount++;
    tokens += m.tokens();
    seconds += m.stepSeconds();
    if (m.step() % every == 0 || m.step() == m.totalSteps()) {
      LOG.info(
          String.format(
              Locale.ROOT,
              "%s step %d/%d epoch %d loss %.4f lr %.3g %,.0f tok/s ETA %s",
              label,
              m.step(),
              m.totalSteps(),
              m.epoch(),
              lossSum / lossCount,
              m.learningRate(),
              seconds > 0 ? tokens / seconds : 0.0,
              duration(m.etaSeconds())));
      lossSum = 0;
      lossCount = 0;
      tokens = 0;
      seconds = 0;
    }
  }

  @Override
  public void onEvaluation(EvaluationMetrics m) {
    LOG.info(
        String.format(
            Locale.ROOT,
            "%s eval at step %d: %s %.4f, loss %.4f%s",
            label,
            m.step(),
            m.name(),
            m.score(),
            m.loss(),
            m.best() ? " (best)" : ""));
  }

  @Override
  public void onEnd(TrainingResult r) {
    LOG.info("{} done: {}", label, r);
  }

  static String duration(double seconds) {
    if (!Double.isFinite(seconds)) {
      return "?";
    }
    long s = Math.round(seconds);
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
    if (s >= 60) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return s + "s";
  }
}

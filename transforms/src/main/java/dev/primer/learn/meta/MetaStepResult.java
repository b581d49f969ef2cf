package dev.primer.learn.meta;

import dev.primer.learn.train.ModelOptimizer;
import java.util.Collections;
import java.util.List;

/**
 * What one priming meta-step did ({@link PrimingTrainer#step}).
 *
 * @param step the 0-based meta-step
 * @param episodes per-episode measurements, in meta-batch order (unmodifiable)
 * @param update the outer update (learning rate, gradient norm)
 * @param seconds wall-clock seconds of the step
 */
public record MetaStepResult(
    long step, List<EpisodeResult> episodes, ModelOptimizer.Update update, double seconds) {

  /** Wraps {@code episodes} unmodifiably. */
  public MetaStepResult {
    episodes = Collections.unmodifiableList(episodes);
  }

  /** Mean query loss over the meta-batch. */
  public double queryLoss() {
    return episodes.stream().mapToDouble(EpisodeResult::queryLoss).average().orElse(Double.NaN);
  }

  /** Mean support loss over the meta-batch. */
  public double supportLoss() {
    return episodes.stream().mapToDouble(EpisodeResult::supportLoss).average().orElse(Double.NaN);
  }
}

package dev.primer.learn.meta;

import dev.primer.schemas.Episode;
import java.util.List;

/**
 * What one episode of a priming meta-step measured ({@link PrimingTrainer#step}).
 *
 * @param episode the episode
 * @param supportLoss support loss of the last inner step (multitask: the support loss)
 * @param queryLoss query loss at the adapted values (multitask: at the current values)
 * @param queryGold gold word-level tag ids of the query sentences
 * @param queryPredicted predicted word-level tag ids of the query sentences (same forward pass as
 *     the loss)
 */
public record EpisodeResult(
    Episode episode,
    double supportLoss,
    double queryLoss,
    List<int[]> queryGold,
    List<int[]> queryPredicted) {

  /** Index of the episode in the stream. */
  public long index() {
    return episode.getIndex();
  }

  /** Language of the episode. */
  public String lang() {
    return episode.getLang();
  }
}

package dev.primer.episodes;

import java.io.Serializable;
import java.util.Objects;

/**
 * What episodes to sample: support and query sizes (in sentences), how many episodes, how their
 * languages are drawn, and the seed.
 *
 * @param supportSize sentences in each support set, at least 1
 * @param querySize sentences in each query set, at least 1
 * @param episodes number of episodes, at least 1
 * @param languageSampling uniform or by size
 * @param temperature T of {@link LanguageSampling#SIZE} ({@code p ∝ n^(1/T)}); positive and finite;
 *     ignored when uniform
 * @param seed the seed every draw derives from
 */
public record EpisodeSpec(
    int supportSize,
    int querySize,
    long episodes,
    LanguageSampling languageSampling,
    double temperature,
    long seed)
    implements Serializable {

  public EpisodeSpec {
    if (supportSize < 1) {
      throw new IllegalArgumentException("support size must be at least 1, got " + supportSize);
    }
    if (querySize < 1) {
      throw new IllegalArgumentException("query size must be at least 1, got " + querySize);
    }
    if (episodes < 1) {
      throw new IllegalArgumentException("number of episodes must be at least 1, got " + episodes);
    }
    Objects.requireNonNull(languageSampling, "languageSampling");
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException(
          "sampling temperature must be positive and finite, got " + temperature);
    }
  }

  /** Support plus query: the fewest sentences a language needs to give an episode. */
  public int sentencesPerEpisode() {
    return supportSize + querySize;
  }
}

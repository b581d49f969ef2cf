package dev.primer.episodes;

import dev.primer.OptionChecks;
import dev.primer.OptionNames;
import dev.primer.UserError;
import dev.primer.io.PathSegments;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The episodes stage's option rules, checked by its plan against the encode output before the
 * {@link EpisodeSpec} is built: the languages (evaluation targets known, priming sources with train
 * sentences and disjoint from them), the episode sizes and the sampling temperature, and that every
 * source language holds one episode. Each failure is a {@link UserError} naming the flag.
 */
public final class EpisodesChecks {

  private EpisodesChecks() {}

  /**
   * A comma-separated list of languages, trimmed, without blanks or repeats, in given order; each a
   * safe path segment.
   */
  public static List<String> languages(String flag, String list) {
    List<String> langs = OptionNames.list(list).stream().distinct().toList();
    langs.forEach(lang -> PathSegments.check(flag, lang));
    return langs;
  }

  /**
   * {@code --targetLangs} are languages of the encode output.
   *
   * @param targets the target languages
   * @param all the encode output's languages
   */
  public static void targets(List<String> targets, Set<String> all) {
    List<String> unknownTargets = targets.stream().filter(l -> !all.contains(l)).toList();
    if (!unknownTargets.isEmpty()) {
      throw new UserError(
          "--targetLangs names "
              + String.join(", ", unknownTargets)
              + ", not in the encode output; its languages: "
              + String.join(", ", all));
    }
  }

  /**
   * The source languages (given, or defaulted to the train languages outside the targets) have
   * train sentences, are disjoint from the targets and are some.
   *
   * @param sources the source languages
   * @param targets the target languages
   * @param trainLangs the encode output's languages with train sentences
   */
  public static void sources(List<String> sources, List<String> targets, Set<String> trainLangs) {
    List<String> unknownSources = sources.stream().filter(l -> !trainLangs.contains(l)).toList();
    if (!unknownSources.isEmpty()) {
      throw new UserError(
          "--sourceLangs names "
              + String.join(", ", unknownSources)
              + ", which the encode output has no train sentences for; languages with train"
              + " sentences: "
              + String.join(", ", trainLangs));
    }
    List<String> overlap = sources.stream().filter(targets::contains).toList();
    if (!overlap.isEmpty()) {
      throw new UserError(
          "--sourceLangs and --targetLangs must be disjoint (priming never sees an evaluation"
              + " language), but both name "
              + String.join(", ", overlap));
    }
    if (sources.isEmpty()) {
      throw new UserError(
          "no source language left to draw episodes from: the encode output's train languages ("
              + String.join(", ", trainLangs)
              + ") are all in --targetLangs");
    }
  }

  /**
   * {@code --supportSize}, {@code --querySize}, {@code --episodes} and {@code --episodesPerFile}
   * are {@code >= 1}; {@code --samplingTemperature} is a positive finite number.
   */
  public static void sizes(
      Integer supportSize,
      Integer querySize,
      Long episodes,
      Integer episodesPerFile,
      Double samplingTemperature) {
    OptionChecks.atLeast("--supportSize", supportSize, 1);
    OptionChecks.atLeast("--querySize", querySize, 1);
    OptionChecks.atLeast("--episodes", episodes, 1);
    OptionChecks.atLeast("--episodesPerFile", episodesPerFile, 1);
    double temperature = samplingTemperature;
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new UserError("--samplingTemperature must be a positive number, got " + temperature);
    }
  }

  /** Every source language has the train sentences of one episode. */
  public static void enoughSentences(EpisodeSpec spec, Map<String, Long> sourceSizes) {
    List<String> tooSmall = EpisodeSampler.tooSmall(spec, sourceSizes);
    if (!tooSmall.isEmpty()) {
      throw new UserError(
          "an episode needs --supportSize + --querySize = "
              + spec.sentencesPerEpisode()
              + " train sentences of one language, but "
              + String.join(", ", tooSmall)
              + (tooSmall.size() == 1 ? " has" : " have")
              + " fewer: lower the sizes or leave "
              + (tooSmall.size() == 1 ? "it" : "them")
              + " out of --sourceLangs");
    }
  }
}

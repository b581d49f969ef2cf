package dev.primer.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import dev.primer.OptionNames;
import dev.primer.UserError;
import dev.primer.episodes.EpisodeSampler;
import dev.primer.episodes.EpisodeSpec;
import dev.primer.episodes.LanguageSampling;
import dev.primer.io.Manifest;
import dev.primer.io.PathSegments;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the episodes stage's plan resolved from its options and the encode manifest: the source
 * (priming) languages with their train sizes, the evaluation languages kept out of priming, and the
 * episode spec. {@link #resolve} checks both; every problem is a {@link UserError}.
 */
record EpisodesPlan(Map<String, Long> sourceSizes, List<String> targets, EpisodeSpec spec) {

  private static final String TRAIN = "train";

  EpisodesPlan {
    sourceSizes = java.util.Collections.unmodifiableMap(new TreeMap<>(sourceSizes));
    targets = List.copyOf(targets);
  }

  /** Checks the options against the encode output; every problem is a {@link UserError}. */
  static EpisodesPlan resolve(EpisodesOptions options, Manifest encode) {
    JsonNode byLanguage = encode.counts.path("languages");
    Set<String> all = new TreeSet<>();
    Map<String, Long> trainSizes = new TreeMap<>();
    for (Iterator<String> it = byLanguage.fieldNames(); it.hasNext(); ) {
      String lang = it.next();
      all.add(lang);
      long train = byLanguage.path(lang).path(TRAIN).path("sentences").asLong(0);
      if (train > 0) {
        trainSizes.put(lang, train);
      }
    }
    List<String> targets = languages("--targetLangs", options.getTargetLangs());
    List<String> unknownTargets = targets.stream().filter(l -> !all.contains(l)).toList();
    if (!unknownTargets.isEmpty()) {
      throw new UserError(
          "--targetLangs names "
              + String.join(", ", unknownTargets)
              + ", not in the encode output; its languages: "
              + String.join(", ", all));
    }
    List<String> sources = languages("--sourceLangs", options.getSourceLangs());
    if (sources.isEmpty()) {
      sources = trainSizes.keySet().stream().filter(l -> !targets.contains(l)).toList();
    }
    List<String> unknownSources = sources.stream().filter(l -> !trainSizes.containsKey(l)).toList();
    if (!unknownSources.isEmpty()) {
      throw new UserError(
          "--sourceLangs names "
              + String.join(", ", unknownSources)
              + ", which the encode output has no train sentences for; languages with train"
              + " sentences: "
              + String.join(", ", trainSizes.keySet()));
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
              + String.join(", ", trainSizes.keySet())
              + ") are all in --targetLangs");
    }
    EpisodeSpec spec = spec(options);
    Map<String, Long> sourceSizes = new TreeMap<>();
    sources.forEach(l -> sourceSizes.put(l, trainSizes.get(l)));
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
    return new EpisodesPlan(sourceSizes, targets, spec);
  }

  private static EpisodeSpec spec(EpisodesOptions options) {
    OptionChecks.atLeast("--supportSize", options.getSupportSize(), 1);
    OptionChecks.atLeast("--querySize", options.getQuerySize(), 1);
    OptionChecks.atLeast("--episodes", options.getEpisodes(), 1);
    OptionChecks.atLeast("--episodesPerFile", options.getEpisodesPerFile(), 1);
    double temperature = options.getSamplingTemperature();
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new UserError("--samplingTemperature must be a positive number, got " + temperature);
    }
    return new EpisodeSpec(
        options.getSupportSize(),
        options.getQuerySize(),
        options.getEpisodes(),
        options.getLangSampling() == EpisodesOptions.LangSampling.size
            ? LanguageSampling.SIZE
            : LanguageSampling.UNIFORM,
        temperature,
        options.getSeed());
  }

  /** A comma-separated list of languages, trimmed, without blanks or repeats, in given order. */
  static List<String> languages(String flag, String list) {
    List<String> langs = OptionNames.list(list).stream().distinct().toList();
    langs.forEach(lang -> PathSegments.check(flag, lang));
    return langs;
  }
}

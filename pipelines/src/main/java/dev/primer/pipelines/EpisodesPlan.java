package dev.primer.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import dev.primer.UserError;
import dev.primer.episodes.EpisodeSpec;
import dev.primer.episodes.EpisodesChecks;
import dev.primer.episodes.LanguageSampling;
import dev.primer.io.Manifest;
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
    List<String> targets = EpisodesChecks.languages("--targetLangs", options.getTargetLangs());
    EpisodesChecks.targets(targets, all);
    List<String> sources = EpisodesChecks.languages("--sourceLangs", options.getSourceLangs());
    if (sources.isEmpty()) {
      sources = trainSizes.keySet().stream().filter(l -> !targets.contains(l)).toList();
    }
    EpisodesChecks.sources(sources, targets, trainSizes.keySet());
    EpisodeSpec spec = spec(options);
    Map<String, Long> sourceSizes = new TreeMap<>();
    sources.forEach(l -> sourceSizes.put(l, trainSizes.get(l)));
    EpisodesChecks.enoughSentences(spec, sourceSizes);
    return new EpisodesPlan(sourceSizes, targets, spec);
  }

  private static EpisodeSpec spec(EpisodesOptions options) {
    EpisodesChecks.sizes(
        options.getSupportSize(),
        options.getQuerySize(),
        options.getEpisodes(),
        options.getEpisodesPerFile(),
        options.getSamplingTemperature());
    return new EpisodeSpec(
        options.getSupportSize(),
        options.getQuerySize(),
        options.getEpisodes(),
        options.getLangSampling() == EpisodesOptions.LangSampling.size
            ? LanguageSampling.SIZE
            : LanguageSampling.UNIFORM,
        options.getSamplingTemperature(),
        options.getSeed());
  }
}

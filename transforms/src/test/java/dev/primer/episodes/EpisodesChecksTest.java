package dev.primer.episodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.primer.UserError;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The episodes stage's option rules: each bad value fails with one line naming the flag. */
class EpisodesChecksTest {

  private static String message(Executable check) {
    return assertThrows(UserError.class, check).getMessage();
  }

  @Test
  void languagesAreKnownAndSourcesDisjointFromTargets() {
    Set<String> train = new TreeSet<>(List.of("de", "en", "sw"));
    EpisodesChecks.targets(List.of("sw"), Set.of("sw", "de"));
    assertEquals(
        "--targetLangs names qu, not in the encode output; its languages: de, en, sw",
        message(() -> EpisodesChecks.targets(List.of("sw", "qu"), train)));
    EpisodesChecks.sources(List.of("de", "en"), List.of("sw"), train);
    assertEquals(
        "--sourceLangs names yo, which the encode output has no train sentences for; languages"
            + " with train sentences: de, en, sw",
        message(() -> EpisodesChecks.sources(List.of("de", "yo"), List.of("sw"), train)));
    assertEquals(
        "--sourceLangs and --targetLangs must be disjoint (priming never sees an evaluation"
            + " language), but both name sw",
        message(() -> EpisodesChecks.sources(List.of("de", "sw"), List.of("sw"), train)));
    assertEquals(
        "no source language left to draw episodes from: the encode output's train languages"
            + " (de, en, sw) are all in --targetLangs",
        message(() -> EpisodesChecks.sources(List.of(), List.of("de", "en", "sw"), train)));
  }

  @Test
  void sizesAndTemperature() {
    EpisodesChecks.sizes(1, 1, 1L, 1, 0.5);
    assertEquals(
        "--supportSize must be >= 1, got 0", message(() -> EpisodesChecks.sizes(0, 1, 1L, 1, 1.0)));
    assertEquals(
        "--querySize must be >= 1, got 0", message(() -> EpisodesChecks.sizes(1, 0, 1L, 1, 1.0)));
    assertEquals(
        "--episodes must be >= 1, got 0", message(() -> EpisodesChecks.sizes(1, 1, 0L, 1, 1.0)));
    assertEquals(
        "--episodesPerFile must be >= 1, got 0",
        message(() -> EpisodesChecks.sizes(1, 1, 1L, 0, 1.0)));
    assertEquals(
        "--samplingTemperature must be a positive number, got 0.0",
        message(() -> EpisodesChecks.sizes(1, 1, 1L, 1, 0.0)));
    assertEquals(
        "--samplingTemperature must be a positive number, got Infinity",
        message(() -> EpisodesChecks.sizes(1, 1, 1L, 1, Double.POSITIVE_INFINITY)));
  }

  @Test
  void everySourceHoldsAnEpisode() {
    EpisodeSpec spec = new EpisodeSpec(4, 4, 10, LanguageSampling.UNIFORM, 1.0, 1);
    EpisodesChecks.enoughSentences(spec, Map.of("de", 8L, "en", 100L));
    assertEquals(
        "an episode needs --supportSize + --querySize = 8 train sentences of one language, but de (7 sentences)"
            + " has fewer: lower the sizes or leave it out of --sourceLangs",
        message(() -> EpisodesChecks.enoughSentences(spec, Map.of("de", 7L, "en", 100L))));
  }
}

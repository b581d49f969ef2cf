package dev.primer.episodes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.learn.util.SplitMix64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EpisodeSamplerTest {

  static final Map<String, Long> SIZES = Map.of("de", 400L, "en", 1600L, "fr", 100L, "sw", 40L);

  static EpisodeSpec spec(long episodes, LanguageSampling sampling, double temperature, long seed) {
    return new EpisodeSpec(16, 16, episodes, sampling, temperature, seed);
  }

  @Test
  void sameSeedSameEpisodesAndAnotherSeedOthers() {
    EpisodeSampler a = EpisodeSampler.of(spec(200, LanguageSampling.SIZE, 2.0, 7), SIZES);
    EpisodeSampler b =
        EpisodeSampler.of(spec(200, LanguageSampling.SIZE, 2.0, 7), new TreeMap<>(SIZES));
    EpisodeSampler other = EpisodeSampler.of(spec(200, LanguageSampling.SIZE, 2.0, 8), SIZES);
    int differentLanguage = 0;
    int differentDraw = 0;
    for (long i = 0; i < 200; i++) {
      assertEquals(a.draw(i), b.draw(i));
      assertEquals(a.language(i), a.draw(i).lang());
      if (!a.language(i).equals(other.language(i))) {
        differentLanguage++;
      }
      if (!a.draw(i).equals(other.draw(i))) {
        differentDraw++;
      }
    }
    assertTrue(differentLanguage > 50, "languages barely depend on the seed: " + differentLanguage);
    assertEquals(200, differentDraw);
  }

  @Test
  void episodeDependsOnlyOnSeedAndIndexNotOnTheNumberOfEpisodes() {
    EpisodeSampler short_ = EpisodeSampler.of(spec(10, LanguageSampling.UNIFORM, 1, 3), SIZES);
    EpisodeSampler long_ = EpisodeSampler.of(spec(1000, LanguageSampling.UNIFORM, 1, 3), SIZES);
    for (long i = 0; i < 10; i++) {
      assertEquals(short_.draw(i), long_.draw(i));
    }
    assertThrows(IndexOutOfBoundsException.class, () -> short_.draw(10));
  }

  /** A fixed seed gives these exact draws on every JDK (SplitMix64 is written out here). */
  @Test
  void drawsArePinned() {
    EpisodeSampler sampler =
        EpisodeSampler.of(
            new EpisodeSpec(2, 3, 5, LanguageSampling.UNIFORM, 1, 42),
            Map.of("a", 10L, "b", 1000L));
    EpisodeDraw first = sampler.draw(0);
    EpisodeDraw again =
        EpisodeSampler.of(
                new EpisodeSpec(2, 3, 5, LanguageSampling.UNIFORM, 1, 42),
                Map.of("b", 1000L, "a", 10L))
            .draw(0);
    assertEquals(first, again);
    // Checked against an independent Python implementation of the same draw.
    assertEquals("b", first.lang());
    assertArrayEquals(new int[] {240, 607}, first.support());
    assertArrayEquals(new int[] {635, 913, 309}, first.query());
    assertEquals(-1361384255548269539L, first.seed());
    assertEquals("a", sampler.draw(4).lang());
    assertArrayEquals(new int[] {6, 2}, sampler.draw(4).support());
    assertArrayEquals(new int[] {0, 1, 9}, sampler.draw(4).query());
    assertEquals(SplitMix64.mix(0L), 0L);
    // SplitMix64 with seed 1234567: the reference implementation's first outputs.
    SplitMix64 reference = new SplitMix64(1234567L);
    assertEquals(6457827717110365317L, reference.nextLong());
    assertEquals(3203168211198807973L, reference.nextLong());
    assertEquals(-8629252141511181193L, reference.nextLong());
  }

  @Test
  void supportAndQueryHaveTheirSizesAndAreDisjoint() {
    EpisodeSpec spec = new EpisodeSpec(5, 7, 500, LanguageSampling.UNIFORM, 1, 11);
    EpisodeSampler sampler = EpisodeSampler.of(spec, Map.of("tiny", 12L, "big", 100000L));
    for (long i = 0; i < 500; i++) {
      EpisodeDraw draw = sampler.draw(i);
      assertEquals(5, draw.support().length);
      assertEquals(7, draw.query().length);
      Set<Integer> all = new HashSet<>();
      long size = draw.lang().equals("tiny") ? 12 : 100000;
      for (int p : draw.support()) {
        assertTrue(p >= 0 && p < size);
        all.add(p);
      }
      for (int p : draw.query()) {
        assertTrue(p >= 0 && p < size);
        all.add(p);
      }
      assertEquals(12, all.size(), "positions repeat in " + draw);
      assertEquals(sampler.episodeSeed(i), draw.seed());
    }
  }

  @Test
  void aLanguageOfExactlySupportPlusQueryUsesEverySentenceOnce() {
    EpisodeSampler sampler =
        EpisodeSampler.of(
            new EpisodeSpec(3, 2, 20, LanguageSampling.UNIFORM, 1, 5), Map.of("xx", 5L));
    for (long i = 0; i < 20; i++) {
      EpisodeDraw draw = sampler.draw(i);
      int[] all = new int[5];
      System.arraycopy(draw.support(), 0, all, 0, 3);
      System.arraycopy(draw.query(), 0, all, 3, 2);
      java.util.Arrays.sort(all);
      assertArrayEquals(new int[] {0, 1, 2, 3, 4}, all);
    }
  }

  @Test
  void sentencesWithinALanguageAreDrawnUniformly() {
    EpisodeSampler sampler =
        EpisodeSampler.of(
            new EpisodeSpec(2, 2, 20000, LanguageSampling.UNIFORM, 1, 9), Map.of("xx", 20L));
    long[] counts = new long[20];
    long[] supportCounts = new long[20];
    for (long i = 0; i < 20000; i++) {
      EpisodeDraw draw = sampler.draw(i);
      for (int p : draw.support()) {
        counts[p]++;
        supportCounts[p]++;
      }
      for (int p : draw.query()) {
        counts[p]++;
      }
    }
    // 80000 draws over 20 sentences: 4000 each, sd ~ 57; support alone 2000 each, sd ~ 42.
    for (int p = 0; p < 20; p++) {
      assertEquals(4000, counts[p], 300, "sentence " + p);
      assertEquals(2000, supportCounts[p], 250, "support " + p);
    }
  }

  @Test
  void uniformSamplingIgnoresSize() {
    EpisodeSampler sampler = EpisodeSampler.of(spec(8000, LanguageSampling.UNIFORM, 0.1, 1), SIZES);
    sampler.probabilities().values().forEach(p -> assertEquals(0.25, p, 1e-12));
    Map<String, Long> counts = sampler.episodeCounts();
    assertEquals(List.of("de", "en", "fr", "sw"), List.copyOf(counts.keySet()));
    counts.values().forEach(c -> assertEquals(2000, c, 200));
    assertEquals(8000, counts.values().stream().mapToLong(Long::longValue).sum());
  }

  @Test
  void temperatureOneIsProportionalToSize() {
    EpisodeSampler sampler = EpisodeSampler.of(spec(21400, LanguageSampling.SIZE, 1, 1), SIZES);
    Map<String, Double> p = sampler.probabilities();
    assertEquals(400.0 / 2140, p.get("de"), 1e-12);
    assertEquals(1600.0 / 2140, p.get("en"), 1e-12);
    assertEquals(100.0 / 2140, p.get("fr"), 1e-12);
    assertEquals(40.0 / 2140, p.get("sw"), 1e-12);
    Map<String, Long> counts = sampler.episodeCounts();
    // Expected 4000, 16000, 1000, 400 episodes; binomial sd at most ~64.
    assertEquals(4000, counts.get("de"), 260);
    assertEquals(16000, counts.get("en"), 260);
    assertEquals(1000, counts.get("fr"), 130);
    assertEquals(400, counts.get("sw"), 80);
  }

  @Test
  void temperatureTwoTakesSquareRoots() {
    Map<String, Double> p =
        EpisodeSampler.of(spec(10, LanguageSampling.SIZE, 2, 1), SIZES).probabilities();
    double sum = 20 + 40 + 10 + Math.sqrt(40);
    assertEquals(20 / sum, p.get("de"), 1e-12);
    assertEquals(40 / sum, p.get("en"), 1e-12);
    assertEquals(10 / sum, p.get("fr"), 1e-12);
    assertEquals(Math.sqrt(40) / sum, p.get("sw"), 1e-12);
  }

  @Test
  void higherTemperatureFlattensLowerSharpens() {
    double previousLargest = 1.0;
    double previousSmallest = 0.0;
    for (double t : new double[] {0.25, 0.5, 1, 2, 5, 100}) {
      Map<String, Double> p =
          EpisodeSampler.of(spec(10, LanguageSampling.SIZE, t, 1), SIZES).probabilities();
      assertEquals(1.0, p.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-12);
      assertTrue(p.get("en") < previousLargest, "largest language not flattened at T=" + t);
      assertTrue(p.get("sw") > previousSmallest, "smallest language not raised at T=" + t);
      previousLargest = p.get("en");
      previousSmallest = p.get("sw");
    }
    assertEquals(0.25, previousLargest, 0.01);
    assertEquals(0.25, previousSmallest, 0.01);
    Map<String, Double> cold =
        EpisodeSampler.of(spec(10, LanguageSampling.SIZE, 0.01, 1), SIZES).probabilities();
    assertEquals(1.0, cold.get("en"), 1e-12);
    Map<String, Double> huge =
        EpisodeSampler.of(
                spec(10, LanguageSampling.SIZE, 0.05, 1), Map.of("a", 2_000_000_000L, "b", 32L))
            .probabilities();
    assertEquals(1.0, huge.get("a"), 1e-12);
  }

  @Test
  void tooSmallLanguagesAreRefusedByName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                EpisodeSampler.of(
                    spec(10, LanguageSampling.UNIFORM, 1, 1),
                    Map.of("en", 1000L, "sw", 31L, "yo", 0L)));
    assertTrue(e.getMessage().contains("32"), e.getMessage());
    assertTrue(e.getMessage().contains("sw (31 sentences)"), e.getMessage());
    assertTrue(e.getMessage().contains("yo (0 sentences)"), e.getMessage());
    assertTrue(!e.getMessage().contains("en ("), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> EpisodeSampler.of(spec(10, LanguageSampling.UNIFORM, 1, 1), Map.of()));
  }

  @Test
  void badSpecificationsAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new EpisodeSpec(0, 16, 10, LanguageSampling.UNIFORM, 1, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> new EpisodeSpec(16, 0, 10, LanguageSampling.UNIFORM, 1, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> new EpisodeSpec(16, 16, 0, LanguageSampling.UNIFORM, 1, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> new EpisodeSpec(16, 16, 10, LanguageSampling.SIZE, 0, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> new EpisodeSpec(16, 16, 10, LanguageSampling.SIZE, Double.NaN, 1));
  }

  @Test
  void differentIndicesGiveDifferentEpisodes() {
    EpisodeSampler sampler =
        EpisodeSampler.of(spec(100, LanguageSampling.UNIFORM, 1, 0), Map.of("en", 100000L));
    Set<String> seen = new HashSet<>();
    for (long i = 0; i < 100; i++) {
      assertTrue(seen.add(java.util.Arrays.toString(sampler.draw(i).support())));
    }
    assertNotEquals(sampler.episodeSeed(0), sampler.episodeSeed(1));
  }
}

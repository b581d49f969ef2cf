package dev.primer.episodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.primer.io.WriteTextFile;
import dev.primer.schemas.EncodedSentence;
import dev.primer.schemas.Episode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SampleEpisodes + WriteEpisodes on the DirectRunner over synthetic encoded sentences. */
class EpisodeSamplingPipelineTest {

  @TempDir Path tmp;

  static final EpisodeSpec SPEC = new EpisodeSpec(3, 2, 40, LanguageSampling.SIZE, 1.0, 5);

  /** Sentences {@code lang-i}; every fourth one cut into two windows. */
  static List<EncodedSentence> corpus(Map<String, Integer> sizes) {
    List<EncodedSentence> records = new ArrayList<>();
    sizes.forEach(
        (lang, n) -> {
          for (int i = 0; i < n; i++) {
            int windows = i % 4 == 0 ? 2 : 1;
            for (int w = 0; w < windows; w++) {
              records.add(window(lang, String.format("%s-%03d", lang, i), w, windows));
            }
          }
        });
    return records;
  }

  static EncodedSentence window(String lang, String sentenceId, int window, int windows) {
    return EncodedSentence.newBuilder()
        .setId(sentenceId + "#" + window)
        .setSentenceId(sentenceId)
        .setLang(lang)
        .setSplit("train")
        .setWindow(window)
        .setWindows(windows)
        .setWordStart(window)
        .setNumWords(1)
        .setInputIds(List.of(2, 10 + window, 3))
        .setLabelIds(List.of(-100, 0, -100))
        .setWordIds(List.of(-1, 0, -1))
        .setLength(3)
        .build();
  }

  static final Map<String, Integer> SIZES = new TreeMap<>(Map.of("en", 40, "de", 20, "sw", 8));

  private List<Episode> sampleAndWrite(List<EncodedSentence> input, String dir, int perFile)
      throws Exception {
    Pipeline p = Pipeline.create(TestPipeline.testingPipelineOptions());
    EpisodeSample sample =
        p.apply(Create.of(input).withCoder(AvroCoder.of(EncodedSentence.class)))
            .apply("Sample", SampleEpisodes.with(SPEC));
    sample.episodes().apply("Write", WriteEpisodes.to(dir).withEpisodesPerFile(perFile));
    sample.statsJson().apply("WriteStats", WriteTextFile.to(dir, "stats.json"));
    p.run().waitUntilFinish();
    return EpisodeFiles.readAll(dir);
  }

  @Test
  void episodesFollowTheSamplerAndAreWrittenInOrder() throws Exception {
    List<EncodedSentence> input = corpus(SIZES);
    String dir = tmp.resolve("episodes").toString();
    List<Episode> episodes = sampleAndWrite(input, dir, 7);

    EpisodeSampler sampler =
        EpisodeSampler.of(
            SPEC,
            SIZES.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> (long) e.getValue())));
    assertEquals(40, episodes.size());
    assertEquals(
        List.of(
            "part-00000.avro",
            "part-00001.avro",
            "part-00002.avro",
            "part-00003.avro",
            "part-00004.avro",
            "part-00005.avro"),
        EpisodeFiles.files(dir).stream().map(f -> f.getFilename()).toList());
    Map<String, Long> perLanguage = new TreeMap<>();
    for (int i = 0; i < episodes.size(); i++) {
      Episode episode = episodes.get(i);
      assertEquals(i, episode.getIndex());
      EpisodeDraw draw = sampler.draw(i);
      assertEquals(draw.lang(), episode.getLang());
      assertEquals(SampleEpisodes.episodeId(draw.lang(), i), episode.getId());
      assertEquals(String.format("%s-%08d", draw.lang(), i), episode.getId());
      assertEquals(draw.seed(), episode.getSeed());
      perLanguage.merge(episode.getLang(), 1L, Long::sum);

      List<String> support = sentences(episode.getSupport());
      List<String> query = sentences(episode.getQuery());
      assertEquals(expectedSentences(draw.lang(), draw.support()), support);
      assertEquals(expectedSentences(draw.lang(), draw.query()), query);
      Set<String> overlap = new HashSet<>(support);
      overlap.retainAll(query);
      assertTrue(overlap.isEmpty(), "support and query share " + overlap);
      for (EncodedSentence record : concat(episode.getSupport(), episode.getQuery())) {
        assertEquals(episode.getLang(), record.getLang());
        assertEquals("train", record.getSplit());
      }
      // Every window of a drawn sentence, in window order.
      assertEquals(windowsOf(support), windowIds(episode.getSupport()));
      assertEquals(windowsOf(query), windowIds(episode.getQuery()));
    }
    assertEquals(sampler.episodeCounts(), withAllLanguages(perLanguage));

    JsonNode stats =
        new ObjectMapper().readTree(Files.readString(tmp.resolve("episodes/stats.json")));
    for (String lang : SIZES.keySet()) {
      assertEquals(SIZES.get(lang), stats.get(lang).get("sentences").asInt());
      assertEquals(sampler.episodeCounts().get(lang), stats.get(lang).get("episodes").asLong());
      assertEquals(
          sampler.probabilities().get(lang), stats.get(lang).get("probability").asDouble(), 1e-15);
    }
  }

  @Test
  void sameSeedAndInputGiveTheSameEpisodesWhateverTheInputOrder() throws Exception {
    List<EncodedSentence> input = corpus(SIZES);
    List<Episode> first = sampleAndWrite(input, tmp.resolve("a").toString(), 16);
    List<EncodedSentence> shuffled = new ArrayList<>(input);
    Collections.shuffle(shuffled, new Random(99));
    List<Episode> second = sampleAndWrite(shuffled, tmp.resolve("b").toString(), 5);
    assertEquals(first, second);
  }

  @Test
  void aLanguageTooSmallFailsThePipelineWithTheSamplersMessage() {
    List<EncodedSentence> input = corpus(Map.of("en", 40, "yo", 4));
    Exception e =
        assertThrows(Exception.class, () -> sampleAndWrite(input, tmp.resolve("c").toString(), 16));
    Throwable cause = e;
    while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
      cause = cause.getCause();
    }
    assertTrue(cause.getMessage().contains("yo (4 sentences)"), cause.getMessage());
  }

  private static Map<String, Long> withAllLanguages(Map<String, Long> counts) {
    Map<String, Long> all = new TreeMap<>();
    SIZES.keySet().forEach(l -> all.put(l, counts.getOrDefault(l, 0L)));
    return all;
  }

  private static List<String> expectedSentences(String lang, int[] positions) {
    List<String> ids = new ArrayList<>();
    for (int p : positions) {
      ids.add(String.format("%s-%03d", lang, p));
    }
    return ids;
  }

  private static List<String> sentences(List<EncodedSentence> records) {
    List<String> ids = new ArrayList<>();
    for (EncodedSentence r : records) {
      if (ids.isEmpty() || !ids.get(ids.size() - 1).equals(r.getSentenceId())) {
        ids.add(r.getSentenceId());
      }
    }
    return ids;
  }

  private static List<String> windowsOf(List<String> sentences) {
    List<String> ids = new ArrayList<>();
    for (String s : sentences) {
      int i = Integer.parseInt(s.substring(s.indexOf('-') + 1));
      ids.add(s + "#0");
      if (i % 4 == 0) {
        ids.add(s + "#1");
      }
    }
    return ids;
  }

  private static List<String> windowIds(List<EncodedSentence> records) {
    return records.stream().map(EncodedSentence::getId).toList();
  }

  private static List<EncodedSentence> concat(List<EncodedSentence> a, List<EncodedSentence> b) {
    List<EncodedSentence> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}

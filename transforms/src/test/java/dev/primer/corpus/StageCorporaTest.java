package dev.primer.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.schemas.Sentence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The whole composite on the DirectRunner, over the fixtures of all five formats. */
@ExtendWith(TestPipelineExtension.class)
class StageCorporaTest {
  private static final String ROOT = Fixtures.root().toString();

  static List<CorpusSpec> allFixtureSpecs() {
    return CorpusSpec.parseAll(
        List.of(
            "panx:" + ROOT + "/panx/train-en.tsv",
            "panx,split=dev:" + ROOT + "/panx/wikiann-sw.tsv",
            "conll2002:" + ROOT + "/conll2002/*",
            "conll2003:" + ROOT + "/conll2003/*/val.conllu",
            "masakhaner,name=masakhaner2:" + ROOT + "/masakhaner2/*/train.txt",
            "uner:" + ROOT + "/uner/*/*.iob2"));
  }

  private static CorpusStats stats(
      String lang,
      String split,
      long sentences,
      long tokens,
      long duplicates,
      long repaired,
      Map<String, Long> entities,
      Map<String, Long> deadLetters) {
    return CorpusStats.decoded(
        lang, split, sentences, tokens, duplicates, repaired, entities, deadLetters);
  }

  @Test
  void stagesEveryFormatDeduplicatesTrainAndCounts(TestPipeline pipeline) {
    StagedCorpora staged = pipeline.apply("StageCorpora", StageCorpora.of(allFixtureSpecs()));

    PAssert.that(Describe.sentences(staged.sentences()))
        .containsInAnyOrder(
            "en/train panx | Paris is nice | B-LOC O O | train-en.tsv:1 x2",
            "en/train panx | John Smith | B-PER I-PER | train-en.tsv:5 x1",
            "en/train panx | the Red Cross helps | O B-ORG I-ORG O | train-en.tsv:16 x1"
                + " [I_AFTER_O@1]",
            "sw/dev panx | Nairobi ni mji | B-LOC O O | wikiann-sw.tsv:1 x1",
            "sw/dev panx | Juma en:wiki | B-PER O | wikiann-sw.tsv:5 x1",
            "sw/dev panx | Kenya Airways | B-LOC I-LOC | wikiann-sw.tsv:10 x1",
            "es/train conll2002 | Melbourne ( Australia ) | B-LOC O B-LOC O | esp.train:1 x1",
            "es/train conll2002 | El Abogado General | O B-PER I-PER | esp.train:8 x1",
            "es/train conll2002 | Madrid | B-LOC | esp.train:17 x1",
            "es/train conll2002 | España | B-LOC | esp.train:19 x1",
            "nl/dev conll2002 | De tekst | O O | ned.testa:2 x1",
            "nl/dev conll2002 | Brussel is | B-LOC O | ned.testa:5 x1",
            "nl/dev conll2002 | Jan zegt | B-PER O | ned.testa:9 x1",
            "en/dev conll2003 | EU rejects German call | B-ORG O B-MISC O | val.conllu:3 x1",
            "en/dev conll2003 | Peter Blackburn | B-PER I-PER | val.conllu:8 x1",
            "en/dev conll2003 | Peter Blackburn | B-PER I-PER | val.conllu:20 x1",
            "en/dev conll2003 | Czech Daniel Vacek | B-MISC B-PER I-PER | val.conllu:14 x1"
                + " [I_AFTER_OTHER@1]",
            "hau/train masakhaner2 | Olurukoba ya ce | B-PER O O | train.txt:1 x1",
            "hau/train masakhaner2 | # Kano | O B-LOC | train.txt:11 x1",
            "hau/train masakhaner2 | Abuja da Legas | B-LOC O B-LOC | train.txt:14 x1",
            "da/dev uner | Hej Peter . | O B-PER O | da_ddt-ud-dev.iob2:4 x1",
            "da/dev uner | Han bor i København | O O O B-LOC | da_ddt-ud-dev.iob2:10 x1",
            "da/dev uner | Novo Nordisk | B-ORG I-ORG | da_ddt-ud-dev.iob2:16 x1",
            "da/dev uner | det Danske Bank | O B-ORG I-ORG | da_ddt-ud-dev.iob2:24 x1");

    PAssert.that(Describe.deadLetters(staged.deadLetters()))
        .containsInAnyOrder(
            "train-en.tsv:8@49 WRONG_COLUMN_COUNT en",
            "train-en.tsv:11@78 EMPTY_TOKEN en",
            "train-en.tsv:14@86 UNKNOWN_TAG en",
            "wikiann-sw.tsv:8@63 EMPTY_TOKEN sw",
            "esp.train:6@55 WRONG_COLUMN_COUNT es",
            "esp.train:14@128 WRONG_COLUMN_COUNT es",
            "val.conllu:12@115 WRONG_COLUMN_COUNT en",
            "train.txt:5@27 EMPTY_TOKEN hau",
            "train.txt:8@41 WRONG_COLUMN_COUNT hau",
            "da_ddt-ud-dev.iob2:20@288 UNKNOWN_TAG da");

    PAssert.that(staged.stats())
        .containsInAnyOrder(
            stats(
                "en",
                "train",
                3,
                9,
                1,
                1,
                Map.of("LOC", 1L, "PER", 1L, "ORG", 1L),
                Map.of("WRONG_COLUMN_COUNT", 1L, "EMPTY_TOKEN", 1L, "UNKNOWN_TAG", 1L)),
            stats("sw", "dev", 3, 7, 0, 0, Map.of("LOC", 2L, "PER", 1L), Map.of("EMPTY_TOKEN", 1L)),
            stats(
                "es",
                "train",
                4,
                9,
                0,
                0,
                Map.of("LOC", 4L, "PER", 1L),
                Map.of("WRONG_COLUMN_COUNT", 2L)),
            stats("nl", "dev", 3, 6, 0, 0, Map.of("LOC", 1L, "PER", 1L), Map.of()),
            stats(
                "en",
                "dev",
                4,
                11,
                0,
                1,
                Map.of("ORG", 1L, "MISC", 2L, "PER", 3L),
                Map.of("WRONG_COLUMN_COUNT", 1L)),
            stats(
                "hau",
                "train",
                3,
                8,
                0,
                0,
                Map.of("PER", 1L, "LOC", 3L),
                Map.of("EMPTY_TOKEN", 1L, "WRONG_COLUMN_COUNT", 1L)),
            stats(
                "da",
                "dev",
                4,
                12,
                0,
                0,
                Map.of("PER", 1L, "LOC", 1L, "ORG", 2L),
                Map.of("UNKNOWN_TAG", 1L)));

    PipelineResult result = pipeline.run();
    result.waitUntilFinish();

    assertEquals(3, counter(result, "sentences/en/train"));
    assertEquals(4, counter(result, "parsed/en/train"));
    assertEquals(0, counter(result, "duplicates/en/dev"));
    assertEquals(1, counter(result, "duplicates/en/train"));
    assertEquals(2, counter(result, "entities/en/dev/MISC"));
    assertEquals(5, counter(result, "dead_letters/WRONG_COLUMN_COUNT"));
    assertEquals(3, counter(result, "dead_letters/en/train"));
    assertEquals(2, counter(result, "files/conll2002"));
  }

  private static List<CorpusSpec> duplicatedSplits(Path dir) throws IOException {
    String twice = "Paris\tB-LOC\nis\tO\n\nJohn\tB-PER\n\nParis\tB-LOC\nis\tO\n\n";
    for (String split : List.of("train", "dev", "test")) {
      Files.writeString(dir.resolve(split + "-en.tsv"), twice);
    }
    return List.of(CorpusSpec.parse("panx:" + dir + "/*-en.tsv"));
  }

  private static PCollection<String> idsPerSplit(PCollection<Sentence> sentences) {
    return sentences.apply(
        "Describe",
        MapElements.into(TypeDescriptors.strings())
            .via(
                (Sentence s) ->
                    s.getSplit()
                        + " "
                        + String.join(" ", s.getTokens())
                        + " x"
                        + s.getCopies()
                        + " line "
                        + s.getPosition().getLine()
                        + (s.getId()
                                .equals(
                                    SentenceIds.of(
                                        s.getLang(), s.getSplit(), s.getTokens(), s.getTags()))
                            ? " plain-id"
                            : " copy-id")));
  }

  @Test
  void devAndTestKeepTheirDuplicatesTrainDoesNot(TestPipeline pipeline, @TempDir Path dir)
      throws IOException {
    StagedCorpora staged = pipeline.apply("StageCorpora", StageCorpora.of(duplicatedSplits(dir)));
    PAssert.that(idsPerSplit(staged.sentences()))
        .containsInAnyOrder(
            "train Paris is x2 line 1 plain-id",
            "train John x1 line 4 plain-id",
            "dev Paris is x1 line 1 plain-id",
            "dev John x1 line 4 plain-id",
            "dev Paris is x1 line 6 copy-id",
            "test Paris is x1 line 1 plain-id",
            "test John x1 line 4 plain-id",
            "test Paris is x1 line 6 copy-id");
    pipeline.run().waitUntilFinish();
  }

  @Test
  void dedupSplitsAllMergesEverySplit(TestPipeline pipeline, @TempDir Path dir) throws IOException {
    StagedCorpora staged =
        pipeline.apply(
            "StageCorpora",
            StageCorpora.of(duplicatedSplits(dir))
                .withSettings(StageSettings.defaults().withDedupSplits("all")));
    PAssert.that(idsPerSplit(staged.sentences()))
        .containsInAnyOrder(
            "train Paris is x2 line 1 plain-id",
            "train John x1 line 4 plain-id",
            "dev Paris is x2 line 1 plain-id",
            "dev John x1 line 4 plain-id",
            "test Paris is x2 line 1 plain-id",
            "test John x1 line 4 plain-id");
    pipeline.run().waitUntilFinish();
  }

  @Test
  void patternMatchingNoFileFailsThePipeline(TestPipeline pipeline) {
    pipeline.apply(
        StageCorpora.of(List.of(CorpusSpec.parse("panx:" + ROOT + "/panx/nothing-*.tsv"))));
    RuntimeException e = assertThrows(RuntimeException.class, () -> pipeline.run());
    String messages = messages(e);
    assertTrue(messages.contains("nothing-*.tsv"), messages);
  }

  private static String messages(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      sb.append(t.getMessage()).append('\n');
    }
    return sb.toString();
  }

  static long counter(PipelineResult result, String name) {
    MetricQueryResults metrics =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(StageCounters.NAMESPACE, name))
                    .build());
    long sum = 0;
    for (MetricResult<Long> counter : metrics.getCounters()) {
      sum += counter.getCommitted();
    }
    return sum;
  }
}

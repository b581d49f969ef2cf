package dev.primer.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.primer.schemas.Sentence;
import java.util.Map;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class ComputeVocabStatsTest {

  static PCollection<Sentence> fixture(TestPipeline p) {
    return p.apply(
        "Sentences", Create.of(StatsFixture.sentences()).withCoder(AvroCoder.of(Sentence.class)));
  }

  /** Checks the numbers worked out by hand in {@link StatsFixture}. */
  static void assertHandComputed(VocabStats v) {
    assertEquals(93, v.getVocabSize());
    assertEquals(java.util.Set.of("en", "de"), v.getLanguages().keySet());
    PieceStats en = v.getLanguages().get("en");
    assertEquals(8, en.getWords());
    assertEquals(6, en.getDistinctWords());
    assertEquals(10, en.getPieces());
    assertEquals(0.125, en.getUnkWordRate());
    assertEquals(0.1, en.getUnkPieceRate());
    assertEquals(1.25, en.getPiecesPerWordMean());
    assertEquals(1, en.getPiecesPerWordP50());
    assertEquals(3, en.getPiecesPerWordP95());
    assertEquals(3, en.getPiecesPerWordMax());
    PieceStats de = v.getLanguages().get("de");
    assertEquals(3, de.getWords());
    assertEquals(7, de.getPieces());
    assertEquals(1, de.getEmptyWords());
    assertEquals(1.0 / 3, de.getUnkWordRate());
    assertEquals(1.0 / 7, de.getUnkPieceRate());
    assertEquals(3, de.getPiecesPerWordP50());
    PieceStats all = v.getOverall();
    assertEquals(11, all.getWords());
    assertEquals(8, all.getDistinctWords());
    assertEquals(17, all.getPieces());
    assertEquals(2, all.getUnkWords());
    assertEquals(2, all.getUnkPieces());
    assertEquals(Map.of(1, 8L, 3, 3L), all.getPiecesPerWordHistogram());
    assertEquals(1, all.getPiecesPerWordP50());
    assertEquals(3, all.getPiecesPerWordP95());
  }

  @Test
  void handComputedStatsFromAFile(TestPipeline p) {
    PCollection<VocabStats> stats =
        fixture(p)
            .apply(
                ComputeVocabStats.using(
                    TokenizerSource.ofUri(Fixtures.tinyTokenizer().toString())));
    PAssert.thatSingleton(stats)
        .satisfies(
            v -> {
              assertHandComputed(v);
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void handComputedStatsFromASideInput(TestPipeline p) {
    var json = p.apply("Json", Create.of(Fixtures.tinyTokenizerJson())).apply(View.asSingleton());
    PCollection<VocabStats> stats =
        fixture(p).apply(ComputeVocabStats.using(TokenizerSource.ofJson(json)));
    PAssert.thatSingleton(stats)
        .satisfies(
            v -> {
              assertHandComputed(v);
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void countWordsPerLanguageAndSplit(TestPipeline p) {
    PAssert.that(fixture(p).apply(CountWords.inSplits("dev")))
        .containsInAnyOrder(
            KV.of(KV.of("en", "Anna"), 1L),
            KV.of(KV.of("en", "lives"), 1L),
            KV.of(KV.of("en", "in"), 1L),
            KV.of(KV.of("en", "Qatar"), 1L));
    p.run().waitUntilFinish();
  }
}

package dev.primer.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Count;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One small real file through the whole composite; skipped without {@code ../shared}. */
@ExtendWith(TestPipelineExtension.class)
class RealCorpusPipelineTest {

  @Test
  void panxYorubaTrain(TestPipeline pipeline) {
    Path file =
        Paths.get(System.getProperty("primer.shared.dir", "../shared"), "data/ner/panx")
            .resolve("train-yo.tsv.gz");
    assumeTrue(Files.isRegularFile(file), "real corpus file absent: " + file);
    // expected figures from the plain parser on the same file
    CollectingSink plain = Fixtures.parse("panx:" + file, file);
    long unique = plain.sentences().stream().map(s -> s.getId()).distinct().count();
    long uniqueTokens =
        plain.sentences().stream().mapToLong(s -> s.getTokens().size()).sum()
            - duplicateTokens(plain);

    StagedCorpora staged =
        pipeline.apply("StageCorpora", StageCorpora.of(List.of(CorpusSpec.parse("panx:" + file))));
    PAssert.that(staged.deadLetters()).empty();
    PAssert.thatSingleton(staged.sentences().apply("CountSentences", Count.globally()))
        .isEqualTo(unique);
    PAssert.thatSingleton(staged.stats())
        .satisfies(
            stats -> {
              assertEquals("yo", stats.lang());
              assertEquals("train", stats.split());
              assertEquals(100, stats.sentencesBeforeDedup());
              assertEquals(unique, stats.sentences());
              assertEquals(uniqueTokens, stats.tokens());
              return null;
            });
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertEquals(100, StageCorporaTest.counter(result, "parsed/yo/train"));
  }

  private static long duplicateTokens(CollectingSink plain) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    long tokens = 0;
    for (var s : plain.sentences()) {
      if (!seen.add(s.getId())) {
        tokens += s.getTokens().size();
      }
    }
    return tokens;
  }
}

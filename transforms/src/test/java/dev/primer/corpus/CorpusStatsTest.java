package dev.primer.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.primer.schemas.Sentence;
import dev.primer.schemas.SourcePosition;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.jupiter.api.Test;

class CorpusStatsTest {

  private static Sentence sentence(int copies, List<String> repairs, String... tags) {
    List<String> tokens = java.util.Collections.nCopies(tags.length, "w");
    return Sentence.newBuilder()
        .setId("x")
        .setLang("en")
        .setCorpus("panx")
        .setSplit("train")
        .setTokens(tokens)
        .setTags(List.of(tags))
        .setPosition(new SourcePosition("file:///a", 1L, 0L, 0L))
        .setCopies(copies)
        .setRepairs(repairs)
        .build();
  }

  @Test
  void sentencesAndDeadLettersAddUp() {
    CorpusStats a = CorpusStats.ofSentence(sentence(3, List.of(), "B-PER", "I-PER", "O", "B-LOC"));
    CorpusStats b = CorpusStats.ofSentence(sentence(1, List.of("I_AFTER_O@0"), "B-PER", "B-PER"));
    CorpusStats c = CorpusStats.ofDeadLetter("en", "train", "EMPTY_TOKEN");
    CorpusStats sum = CorpusStats.merge(CorpusStats.merge(a, b), c);

    assertEquals("en/train", sum.key());
    assertEquals(2, sum.sentences());
    assertEquals(4, sum.sentencesBeforeDedup());
    assertEquals(2, sum.duplicatesRemoved());
    assertEquals(6, sum.tokens());
    assertEquals(1, sum.repairedSentences());
    assertEquals(Map.of("PER", 3L, "LOC", 1L), sum.entities());
    assertEquals(Map.of("EMPTY_TOKEN", 1L), sum.deadLetters());
    assertEquals(1, sum.deadLetterCount());
    assertEquals(4L, sum.toMap().get("sentencesBeforeDedup"));
    // merging does not change its inputs
    assertEquals(1, a.sentences());
  }

  @Test
  void differentLanguagesOrSplitsDoNotMix() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            CorpusStats.merge(
                CorpusStats.of("en", "train"), CorpusStats.ofDeadLetter("en", "dev", "X")));
    assertEquals("und/dev", CorpusStats.ofDeadLetter(null, "dev", "UNREADABLE_FILE").key());
  }

  @Test
  void coderRoundTripsAndIsDeterministic() throws Exception {
    CorpusStats stats =
        CorpusStats.merge(
            CorpusStats.ofSentence(sentence(2, List.of(), "B-ORG", "O")),
            CorpusStats.ofDeadLetter("en", "train", "UNKNOWN_TAG"));
    CoderProperties.coderDecodeEncodeEqual(CorpusStatsCoder.of(), stats);
    CoderProperties.coderDecodeEncodeEqual(CorpusStatsCoder.of(), CorpusStats.empty());
    CoderProperties.coderDeterministic(
        CorpusStatsCoder.of(), stats, CorpusStats.merge(stats, CorpusStats.of("en", "train")));
    CoderProperties.coderSerializable(CorpusStatsCoder.of());
  }
}

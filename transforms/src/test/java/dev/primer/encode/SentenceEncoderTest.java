package dev.primer.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.schemas.EncodedSentence;
import dev.primer.schemas.Sentence;
import dev.primer.vocab.Fixtures;
import dev.primer.vocab.HfSubwordTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SentenceEncoderTest {

  static final LabelVocabulary LABELS = LabelVocabulary.ofTypes("PER", "LOC", "ORG");
  // O=0, B-LOC=1, I-LOC=2, B-ORG=3, I-ORG=4, B-PER=5, I-PER=6
  static final int X = SentenceEncoder.IGNORED_LABEL;

  static HfSubwordTokenizer tiny;

  @BeforeAll
  static void load() throws Exception {
    tiny = HfSubwordTokenizer.load(Fixtures.tinyTokenizer());
  }

  @AfterAll
  static void close() {
    tiny.close();
  }

  static Sentence sentence(List<String> tokens, List<String> tags) {
    return Fixtures.sentence("s", "en", "train", tokens, tags);
  }

  static SentenceEncoder encoder(int maxLength) {
    return new SentenceEncoder(tiny, LABELS, EncodeOptions.maxLength(maxLength));
  }

  @Test
  void alignsLabelsToFirstSubwordsWithTheFixture() {
    EncodeOutcome out =
        encoder(128)
            .encode(
                sentence(
                    List.of("Lindström", "lives", "in", "東京都"),
                    List.of("B-PER", "O", "O", "B-LOC")));
    assertTrue(out.ok());
    assertEquals(1, out.windows().size());
    EncodedSentence e = out.windows().get(0);
    assertEquals("s#0", e.getId());
    assertEquals("s", e.getSentenceId());
    assertEquals(0, e.getWindow());
    assertEquals(1, e.getWindows());
    assertEquals(0, e.getWordStart());
    assertEquals(4, e.getNumWords());
    assertEquals(List.of(2, 74, 75, 76, 77, 78, 44, 45, 46, 3), e.getInputIds());
    assertEquals(List.of(X, 5, X, X, 0, 0, 1, X, X, X), e.getLabelIds());
    assertEquals(List.of(-1, 0, 0, 0, 1, 2, 3, 3, 3, -1), e.getWordIds());
    assertEquals(10, e.getLength());
    EncodeCounts c = out.counts();
    assertEquals(1, c.getSentences());
    assertEquals(4, c.getWords());
    assertEquals(8, c.getSubwords());
    assertEquals(10, c.getTokens());
    assertEquals(0, c.getUnkPieces());
  }

  @Test
  void alignsLabelsWithRealMbert() throws Exception {
    try (HfSubwordTokenizer mbert = HfSubwordTokenizer.load(Fixtures.mbertTokenizer())) {
      EncodedSentence e =
          new SentenceEncoder(mbert, LABELS, EncodeOptions.maxLength(128))
              .encode(
                  sentence(
                      List.of("Lindström", "lives", "in", "東京都", "\u00ad"),
                      List.of("B-PER", "O", "O", "B-LOC", "O")))
              .windows()
              .get(0);
      assertEquals(
          List.of(101, 35207, 13268, 47280, 21418, 10106, 4506, 2172, 7838, 100, 102),
          e.getInputIds());
      assertEquals(List.of(X, 5, X, X, 0, 0, 1, X, X, 0, X), e.getLabelIds());
      assertEquals(List.of(-1, 0, 0, 0, 1, 2, 3, 3, 3, 4, -1), e.getWordIds());
    }
  }

  @Test
  void emptyAfterNormalizationBecomesUnknownAndKeepsItsLabel() {
    EncodeOutcome out =
        encoder(128).encode(sentence(List.of("in", "\u200b", ""), List.of("O", "B-ORG", "I-ORG")));
    assertTrue(out.ok());
    EncodedSentence e = out.windows().get(0);
    assertEquals(List.of(2, 78, 1, 1, 3), e.getInputIds());
    assertEquals(List.of(X, 0, 3, 4, X), e.getLabelIds());
    assertEquals(2, out.counts().getEmptyWords());
    assertEquals(2, out.counts().getUnkPieces());
  }

  @Test
  void truncatesAWordLongerThanAWindowButKeepsItsFirstSubword() {
    // "abcdefghij" is ten single-character pieces in the fixture; maxLength 5 leaves 3.
    EncodeOutcome out =
        encoder(5).encode(sentence(List.of("in", "abcdefghij", "in"), List.of("O", "B-PER", "O")));
    assertTrue(out.ok());
    List<EncodedSentence> w = out.windows();
    assertEquals(3, w.size());
    assertEquals(List.of(2, 5, 48, 49, 3), w.get(1).getInputIds()); // a ##b ##c
    assertEquals(List.of(X, 5, X, X, X), w.get(1).getLabelIds());
    assertEquals(1, w.get(1).getWordStart());
    assertEquals(1, out.counts().getTruncatedWords());
    assertEquals(7, out.counts().getDroppedPieces());
    assertEquals(5, out.counts().getSubwords());
  }

  @Test
  void longSentenceIsWindowedWithoutLosingALabel() {
    List<String> tokens = new ArrayList<>();
    List<String> tags = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      tokens.add(List.of("Lindström", "lives", "in", "東京都", "New", "York").get(i % 6));
      tags.add(List.of("B-PER", "O", "O", "B-LOC", "B-ORG", "I-ORG").get(i % 6));
    }
    EncodeOutcome out = encoder(16).encode(sentence(tokens, tags));
    assertTrue(out.ok());
    assertTrue(out.windows().size() > 1);
    assertWindowInvariants(
        out, sentence(tokens, tags), 16, tiny.prefixIds()[0], tiny.suffixIds()[0]);
  }

  @Test
  void randomSentencesKeepEveryLabelExactlyOnce() {
    Random r = new Random(42);
    List<String> pool =
        List.of("Lindström", "in", "東京都", "abcdefghijklmnop", "\u200b", "Qatar", "U.S.", "Anna");
    List<String> tagPool = List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG");
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + r.nextInt(60);
      List<String> tokens = new ArrayList<>();
      List<String> tags = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        tokens.add(pool.get(r.nextInt(pool.size())));
        tags.add(tagPool.get(r.nextInt(tagPool.size())));
      }
      int maxLength = 3 + r.nextInt(30);
      Sentence s = sentence(tokens, tags);
      EncodeOutcome out = encoder(maxLength).encode(s);
      assertTrue(out.ok(), out.reason());
      assertWindowInvariants(out, s, maxLength, 2, 3);
    }
  }

  /** Every word in exactly one window, labelled once on its first subword; specials per window. */
  static void assertWindowInvariants(
      EncodeOutcome out, Sentence s, int maxLength, int cls, int sep) {
    int n = s.getTokens().size();
    int[] seen = new int[n];
    int next = 0;
    for (int k = 0; k < out.windows().size(); k++) {
      EncodedSentence e = out.windows().get(k);
      assertEquals(k, e.getWindow());
      assertEquals(out.windows().size(), e.getWindows());
      assertEquals(next, e.getWordStart(), "windows are contiguous");
      assertTrue(e.getNumWords() > 0);
      next += e.getNumWords();
      assertTrue(e.getLength() <= maxLength);
      assertEquals(e.getInputIds().size(), e.getLength());
      assertEquals(e.getLength(), e.getLabelIds().size());
      assertEquals(e.getLength(), e.getWordIds().size());
      assertEquals(cls, e.getInputIds().get(0));
      assertEquals(sep, e.getInputIds().get(e.getLength() - 1));
      assertEquals(-1, e.getWordIds().get(0));
      assertEquals(-1, e.getWordIds().get(e.getLength() - 1));
      int previous = -1;
      for (int i = 1; i < e.getLength() - 1; i++) {
        int w = e.getWordIds().get(i);
        assertTrue(w >= 0 && w < e.getNumWords());
        assertTrue(w == previous || w == previous + 1, "word ids ascend by one");
        int label = e.getLabelIds().get(i);
        if (w != previous) {
          int global = e.getWordStart() + w;
          seen[global]++;
          assertEquals(LABELS.id(s.getTags().get(global)), label, "word " + global);
        } else {
          assertEquals(X, label);
        }
        previous = w;
      }
      assertEquals(e.getNumWords() - 1, previous, "every word of the window has a subword");
    }
    assertEquals(n, next);
    for (int w = 0; w < n; w++) {
      assertEquals(1, seen[w], "word " + w + " labelled once");
    }
  }

  @Test
  void realPanxSentencesKeepEveryLabelWithMbert() throws Exception {
    try (HfSubwordTokenizer mbert = HfSubwordTokenizer.load(Fixtures.mbertTokenizer())) {
      SentenceEncoder enc = new SentenceEncoder(mbert, LABELS, EncodeOptions.maxLength(64));
      int multiWindow = 0;
      for (String lang : List.of("zh", "ar", "de")) {
        for (Sentence s :
            Fixtures.readPanx(Fixtures.panx("dev-" + lang + ".tsv.gz"), lang, "dev", 1500)) {
          EncodeOutcome out = enc.encode(s);
          assertTrue(out.ok(), s.getId() + ": " + out.reason() + " " + out.detail());
          assertWindowInvariants(out, s, 64, 101, 102);
          multiWindow += out.windows().size() > 1 ? 1 : 0;
        }
      }
      assertTrue(multiWindow > 0, "some PAN-X zh sentences exceed 64 subwords");
    }
  }

  @Test
  void unencodableSentencesFailWithAReason() {
    SentenceEncoder enc = encoder(128);
    assertEquals(
        SentenceEncoder.EMPTY_SENTENCE, enc.encode(sentence(List.of(), List.of())).reason());
    assertEquals(
        SentenceEncoder.TAG_COUNT_MISMATCH,
        enc.encode(sentence(List.of("in"), List.of("O", "O"))).reason());
    EncodeOutcome unknown = enc.encode(sentence(List.of("in", "x"), List.of("O", "B-MISC")));
    assertFalse(unknown.ok());
    assertEquals(SentenceEncoder.UNKNOWN_TAG, unknown.reason());
    assertTrue(unknown.detail().contains("B-MISC"));
    assertEquals(1, unknown.counts().getDeadLetters());
    assertTrue(unknown.windows().isEmpty());
    assertEquals(
        SentenceEncoder.INVALID_TAG, enc.encode(sentence(List.of("in"), List.of("PER"))).reason());
  }

  @Test
  void unknownTagsCanBeMappedToOutside() {
    SentenceEncoder enc =
        new SentenceEncoder(
            tiny, LABELS, EncodeOptions.maxLength(128).withUnknownTags(UnknownTagPolicy.MAP_TO_O));
    EncodeOutcome out = enc.encode(sentence(List.of("in", "x", "y"), List.of("O", "B-MISC", "Z")));
    assertTrue(out.ok());
    assertNull(out.reason());
    assertEquals(List.of(X, 0, 0, 0, X), out.windows().get(0).getLabelIds());
    assertEquals(2, out.counts().getMappedTags());
  }

  @Test
  void rejectsAMaxLengthWithNoRoomForAWord() {
    assertThrows(IllegalArgumentException.class, () -> encoder(2));
  }
}

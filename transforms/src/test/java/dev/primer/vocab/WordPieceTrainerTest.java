package dev.primer.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordPieceTrainerTest {

  @TempDir Path tmp;

  /** The HuggingFace course example: hug 10, pug 5, pun 12, bun 4, hugs 5. */
  private static Map<String, Long> courseCorpus() {
    Map<String, Long> words = new LinkedHashMap<>();
    words.put("hug", 10L);
    words.put("pug", 5L);
    words.put("pun", 12L);
    words.put("bun", 4L);
    words.put("hugs", 5L);
    return words;
  }

  private static WordPieceOptions wordPieceScore(int size) {
    return WordPieceOptions.ofSize(size).withMinFrequency(1).withScore(MergeScore.WORDPIECE);
  }

  @Test
  void courseExampleGivesTheHandComputedMerges() {
    // Scores worked out by hand (score = count(ab) / (count(a) count(b)); ties go to the more
    // frequent pair): ##g+##s = 5/(20*5) = 1/20 beats all others at 1/36; then every pair ties
    // at 1/36 and p+##u (17) is the most frequent; then h+##u, b+##u and ##u+##gs tie at 1/19
    // and h+##u (15) wins; then b+##u 4/16; hu+##gs 5/75; hu+##g 10/150; bu+##n 4/64;
    // pu+##n and pu+##g tie at 1/17, pu+##n (12) wins; pu+##g.
    TrainedVocabulary v = new WordPieceTrainer(wordPieceScore(100)).train(courseCorpus());
    assertEquals(
        List.of(
            "##g ##s", "p ##u", "h ##u", "b ##u", "hu ##gs", "hu ##g", "bu ##n", "pu ##n",
            "pu ##g"),
        v.merges());
    assertEquals(
        List.of(
            "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "b", "g", "h", "n", "p", "s", "u", "##g",
            "##n", "##s", "##u", "##gs", "pu", "hu", "bu", "hugs", "hug", "bun", "pun", "pug"),
        v.pieces());
    assertEquals(11, v.alphabetSize());
    assertEquals(5, v.trainingWords());
  }

  @Test
  void frequencyRuleGivesTheHandComputedMerges() {
    // Pair counts by hand: ##u+##g 20; then ##u+##n 16; h+##ug 15; p+##un 12; then p+##ug and
    // hug+##s tie at 5 and "hug" sorts first; p+##ug 5; b+##un 4.
    TrainedVocabulary v =
        new WordPieceTrainer(WordPieceOptions.ofSize(100).withMinFrequency(1))
            .train(courseCorpus());
    assertEquals(
        List.of("##u ##g", "##u ##n", "h ##ug", "p ##un", "hug ##s", "p ##ug", "b ##un"),
        v.merges());
    assertEquals(
        List.of("##ug", "##un", "hug", "pun", "hugs", "pug", "bun"),
        v.pieces().subList(16, v.pieces().size()));
  }

  @Test
  void stopsAtTheRequestedSize() {
    TrainedVocabulary v = new WordPieceTrainer(wordPieceScore(18)).train(courseCorpus());
    assertEquals(18, v.pieces().size());
    assertEquals(List.of("##g ##s", "p ##u"), v.merges());
  }

  @Test
  void minFrequencyBlocksRarePairs() {
    Map<String, Long> words = Map.of("ab", 1L, "cd", 5L);
    for (MergeScore score : MergeScore.values()) {
      TrainedVocabulary v =
          new WordPieceTrainer(WordPieceOptions.ofSize(100).withScore(score)).train(words);
      assertEquals(List.of("c ##d"), v.merges());
    }
  }

  @Test
  void defaultsToTheFrequencyRule() {
    assertEquals(MergeScore.FREQUENCY, WordPieceOptions.ofSize(100).score());
    assertEquals(2, WordPieceOptions.ofSize(100).minFrequency());
  }

  @Test
  void limitAlphabetKeepsTheMostFrequentCharacters() {
    Map<String, Long> words = Map.of("ab", 5L, "ac", 1L, "ba", 3L);
    TrainedVocabulary v =
        new WordPieceTrainer(WordPieceOptions.ofSize(5).withLimitAlphabet(2)).train(words);
    assertEquals(List.of("a", "b", "##a", "##b"), v.pieces().subList(5, v.pieces().size()));
  }

  @Test
  void normalizesAndPreTokenizesTrainingWords() {
    Map<String, Long> words = Map.of("U.S.", 2L, "Äb", 1L);
    WordPieceTrainer trainer =
        new WordPieceTrainer(
            WordPieceOptions.ofSize(5).withNormalizer(BertNormalizerOptions.uncased()));
    assertEquals(Map.of("u", 2L, "s", 2L, ".", 4L, "ab", 1L), trainer.preTokenize(words));
  }

  @Test
  void resultDoesNotDependOnInputOrder() {
    Map<String, Long> corpus = syntheticCorpus(3000, 7);
    List<String> keys = new ArrayList<>(corpus.keySet());
    Collections.shuffle(keys, new Random(1));
    Map<String, Long> shuffled = new LinkedHashMap<>();
    keys.forEach(k -> shuffled.put(k, corpus.get(k)));
    for (MergeScore score : MergeScore.values()) {
      WordPieceTrainer trainer =
          new WordPieceTrainer(WordPieceOptions.ofSize(400).withScore(score));
      assertEquals(trainer.train(corpus).pieces(), trainer.train(shuffled).pieces());
    }
  }

  @Test
  void learnedTokenizerLoadsInDjlAndCoversTheTrainingWords() throws Exception {
    Map<String, Long> corpus = syntheticCorpus(5000, 3);
    corpus.put("東京", 3L);
    corpus.put("Straße", 2L);
    for (MergeScore score : MergeScore.values()) {
      TrainedVocabulary v =
          new WordPieceTrainer(WordPieceOptions.ofSize(600).withScore(score)).train(corpus);
      assertEquals(600, v.pieces().size(), score.name());
      assertEquals(SpecialTokens.ALL, v.pieces().subList(0, 5));

      Path file = tmp.resolve("learned-" + score + ".json");
      Files.writeString(file, v.toTokenizerJson().toJson());
      try (HfSubwordTokenizer t = HfSubwordTokenizer.load(file)) {
        assertEquals(600, t.vocabSize());
        assertEquals(1, t.unkId());
        assertEquals(2, t.prefixIds()[0]);
        assertEquals(3, t.suffixIds()[0]);
        List<String> words = new ArrayList<>(corpus.keySet());
        int[][] ids = t.tokenizeWords(words);
        int merged = 0;
        for (int w = 0; w < words.size(); w++) {
          for (int id : ids[w]) {
            assertTrue(id != 1, "[UNK] in " + words.get(w));
            assertTrue(v.pieces().get(id).length() > 0);
          }
          merged += ids[w].length < words.get(w).codePointCount(0, words.get(w).length()) ? 1 : 0;
          assertEquals(
              words.get(w),
              String.join("", t.tokenizeToPieces(List.of(words.get(w))).get(0)).replace("##", ""));
        }
        assertTrue(merged > words.size() / 2, "most words use merged pieces: " + merged);
      }
    }
  }

  @Test
  void trainsOnRealPanxWords() throws Exception {
    Map<String, Long> counts = new HashMap<>();
    for (String lang : List.of("de", "sw", "fi")) {
      for (var s :
          Fixtures.readPanx(Fixtures.panx("train-" + lang + ".tsv.gz"), lang, "train", 20000)) {
        s.getTokens().forEach(tok -> counts.merge(tok, 1L, Long::sum));
      }
    }
    long t0 = System.nanoTime();
    TrainedVocabulary v = new WordPieceTrainer(WordPieceOptions.ofSize(8000)).train(counts);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf(
        "trained %d pieces on %d distinct words (%d units) in %d ms%n",
        v.pieces().size(), counts.size(), v.trainingWords(), ms);
    assertEquals(8000, v.pieces().size());
    Path file = tmp.resolve("panx.json");
    Files.writeString(file, v.toTokenizerJson().toJson());
    try (HfSubwordTokenizer t = HfSubwordTokenizer.load(file)) {
      List<String> words = new ArrayList<>(counts.keySet());
      long unk = 0;
      for (int[] ids : t.tokenizeWords(words)) {
        for (int id : ids) {
          unk += id == t.unkId() ? 1 : 0;
        }
      }
      // Only words longer than 100 characters may become [UNK].
      long tooLong = words.stream().filter(w -> w.length() > 100).count();
      assertTrue(unk <= tooLong, "unk " + unk);
    }
  }

  /** Words made of random syllables with Zipf-like counts. */
  static Map<String, Long> syntheticCorpus(int words, long seed) {
    String[] syllables = {
      "ka", "ro", "mi", "tu", "sen", "la", "do", "ve", "ni", "ur", "bel", "st", "ön", "ja", "qu",
      "ei", "ng", "ch", "pa", "zo"
    };
    Random r = new Random(seed);
    Map<String, Long> out = new HashMap<>();
    for (int i = 0; i < words; i++) {
      StringBuilder sb = new StringBuilder();
      int n = 1 + r.nextInt(4);
      for (int k = 0; k < n; k++) {
        sb.append(syllables[(int) Math.min(syllables.length - 1, Math.abs(r.nextGaussian()) * 6)]);
      }
      if (r.nextInt(5) == 0) {
        sb.setCharAt(0, Character.toUpperCase(sb.charAt(0)));
      }
      out.merge(sb.toString(), 1L + 1000L / (i + 1), Long::sum);
    }
    assertFalse(out.isEmpty());
    return out;
  }
}

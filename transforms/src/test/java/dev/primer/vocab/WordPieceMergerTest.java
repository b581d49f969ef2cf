package dev.primer.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Checks the incremental merge loop against a naive one that recounts everything each step. */
class WordPieceMergerTest {

  @Test
  void incrementalCountsMatchNaiveRecountingForBothScores() {
    Map<String, Long> corpus = WordPieceTrainerTest.syntheticCorpus(400, 11);
    corpus.put("aaaa", 7L);
    corpus.put("abab", 3L);
    for (MergeScore score : MergeScore.values()) {
      for (long minFrequency : new long[] {1, 3}) {
        TrainedVocabulary fast =
            new WordPieceTrainer(
                    WordPieceOptions.ofSize(200).withScore(score).withMinFrequency(minFrequency))
                .train(corpus);
        List<String> naive = naiveMerges(corpus, fast.merges().size() + 5, score, minFrequency);
        assertEquals(
            naive.subList(0, Math.min(naive.size(), fast.merges().size())),
            fast.merges(),
            score + " min " + minFrequency);
      }
    }
  }

  /** Straightforward reimplementation: split words, then repeatedly recount and merge the best. */
  private static List<String> naiveMerges(
      Map<String, Long> corpus, int maxMerges, MergeScore score, long minFrequency) {
    TreeMap<String, Long> units = new TreeMap<>(corpus);
    List<List<String>> words = new ArrayList<>();
    List<Long> freq = new ArrayList<>();
    units.forEach(
        (w, c) -> {
          List<String> syms = new ArrayList<>();
          int[] cps = w.codePoints().toArray();
          for (int i = 0; i < cps.length; i++) {
            syms.add((i == 0 ? "" : "##") + new String(Character.toChars(cps[i])));
          }
          words.add(syms);
          freq.add(c);
        });
    List<String> merges = new ArrayList<>();
    while (merges.size() < maxMerges) {
      Map<String, Long> symCount = new HashMap<>();
      Map<List<String>, Long> pairCount = new HashMap<>();
      for (int w = 0; w < words.size(); w++) {
        List<String> s = words.get(w);
        for (int i = 0; i < s.size(); i++) {
          symCount.merge(s.get(i), freq.get(w), Long::sum);
          if (i + 1 < s.size()) {
            pairCount.merge(List.of(s.get(i), s.get(i + 1)), freq.get(w), Long::sum);
          }
        }
      }
      List<String> best = null;
      double bestKey = 0;
      long bestCount = 0;
      for (Map.Entry<List<String>, Long> e : pairCount.entrySet()) {
        long c = e.getValue();
        if (c < minFrequency) {
          continue;
        }
        List<String> p = e.getKey();
        double key =
            score == MergeScore.FREQUENCY
                ? c
                : c / ((double) symCount.get(p.get(0)) * (double) symCount.get(p.get(1)));
        boolean better =
            best == null
                || key > bestKey
                || (key == bestKey && c > bestCount)
                || (key == bestKey
                    && c == bestCount
                    && (p.get(0).compareTo(best.get(0)) < 0
                        || (p.get(0).equals(best.get(0)) && p.get(1).compareTo(best.get(1)) < 0)));
        if (better) {
          best = p;
          bestKey = key;
          bestCount = c;
        }
      }
      if (best == null) {
        break;
      }
      String a = best.get(0);
      String b = best.get(1);
      merges.add(a + " " + b);
      for (List<String> s : words) {
        for (int i = 0; i + 1 < s.size(); i++) {
          if (s.get(i).equals(a) && s.get(i + 1).equals(b)) {
            s.set(i, a + b.substring(2));
            s.remove(i + 1);
          }
        }
      }
    }
    return merges;
  }
}

package dev.primer.vocab;

import dev.primer.schemas.Sentence;
import java.util.List;

/**
 * Three sentences whose statistics under the tiny fixture tokenizer are worked out by hand.
 *
 * <pre>
 * Lindström -> Lin ##ds ##tröm (3)   lives, in, Stockholm, Anna -> 1 each
 * Qatar -> [UNK] (Q is not in the alphabet)   東京都 -> 東 京 都 (3)
 * U+200B -> nothing, counted as one [UNK]
 *
 * en: 8 words (6 distinct), 10 pieces, 1 unk word, 1 unk piece; pieces/word 7x1, 1x3
 *     mean 1.25, p50 1, p95 (rank 8 of 8) 3, max 3
 * de: 3 words (3 distinct), 7 pieces, 1 unk word (empty), 1 unk piece; 1x1, 2x3
 *     mean 7/3, p50 (rank 2) 3, p95 3, max 3
 * all: 11 words, 8 distinct (Lindström in both), 17 pieces, 2 unk words, 2 unk pieces;
 *     8x1, 3x3: p50 (rank 6) 1, p95 (rank 11) 3
 * </pre>
 */
final class StatsFixture {

  private StatsFixture() {}

  static List<Sentence> sentences() {
    return List.of(
        Fixtures.sentence(
            "s1",
            "en",
            "train",
            List.of("Lindström", "lives", "in", "Stockholm"),
            List.of("B-PER", "O", "O", "B-LOC")),
        Fixtures.sentence(
            "s2",
            "en",
            "dev",
            List.of("Anna", "lives", "in", "Qatar"),
            List.of("B-PER", "O", "O", "B-LOC")),
        Fixtures.sentence(
            "s3",
            "de",
            "train",
            List.of("東京都", "\u200b", "Lindström"),
            List.of("B-LOC", "O", "B-PER")));
  }
}

package dev.primer.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PieceStatsTest {

  @Test
  void countsRatesAndPercentiles() {
    PieceStats s = new PieceStats();
    int unk = 1;
    s.addWord(new int[] {74, 75, 76}, unk, 1); // Lindström
    s.addWord(new int[] {77}, unk, 2); // lives
    s.addWord(new int[] {78}, unk, 2); // in
    s.addWord(new int[] {92}, unk, 1); // Stockholm
    s.addWord(new int[] {83}, unk, 1); // Anna
    s.addWord(new int[] {1}, unk, 1); // Qatar
    assertEquals(8, s.getWords());
    assertEquals(6, s.getDistinctWords());
    assertEquals(10, s.getPieces());
    assertEquals(1, s.getUnkWords());
    assertEquals(1, s.getUnkPieces());
    assertEquals(0.125, s.getUnkWordRate());
    assertEquals(0.1, s.getUnkPieceRate());
    assertEquals(1.25, s.getPiecesPerWordMean());
    assertEquals(1, s.getPiecesPerWordP50());
    assertEquals(3, s.getPiecesPerWordP95());
    assertEquals(3, s.getPiecesPerWordMax());
    assertEquals(Map.of(1, 7L, 3, 1L), s.getPiecesPerWordHistogram());
  }

  @Test
  void emptyWordCountsAsOneUnknownPiece() {
    PieceStats s = new PieceStats();
    s.addWord(new int[0], 1, 4);
    assertEquals(4, s.getEmptyWords());
    assertEquals(4, s.getUnkWords());
    assertEquals(4, s.getUnkPieces());
    assertEquals(1.0, s.getPiecesPerWordMean());
  }

  @Test
  void mergeAddsEverything() {
    PieceStats a = new PieceStats();
    a.addWord(new int[] {5, 6}, 1, 3);
    PieceStats b = new PieceStats();
    b.addWord(new int[] {1}, 1, 1);
    a.merge(b);
    assertEquals(4, a.getWords());
    assertEquals(2, a.getDistinctWords());
    assertEquals(7, a.getPieces());
    assertEquals(Map.of(1, 1L, 2, 3L), a.getPiecesPerWordHistogram());
    assertEquals(2, a.getPiecesPerWordP50());
    assertEquals(0, new PieceStats().getPiecesPerWordP95());
  }
}

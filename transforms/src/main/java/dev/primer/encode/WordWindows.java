package dev.primer.encode;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a sentence into windows on word boundaries: greedily fills each window with whole words
 * while their pieces fit the budget, so every word lands in exactly one window.
 */
public final class WordWindows {

  private WordWindows() {}

  /**
   * The windows as {@code {firstWord, numWords}} pairs.
   *
   * @param piecesPerWord pieces of each word, each between 1 and {@code budget}
   * @param budget most word pieces per window (the maximum length less the special tokens)
   */
  public static List<int[]> split(int[] piecesPerWord, int budget) {
    if (budget < 1) {
      throw new IllegalArgumentException("budget must be positive");
    }
    List<int[]> windows = new ArrayList<>();
    int start = 0;
    int used = 0;
    for (int w = 0; w < piecesPerWord.length; w++) {
      int n = piecesPerWord[w];
      if (n < 1 || n > budget) {
        throw new IllegalArgumentException("word " + w + " has " + n + " pieces, budget " + budget);
      }
      if (used + n > budget) {
        windows.add(new int[] {start, w - start});
        start = w;
        used = 0;
      }
      used += n;
    }
    if (piecesPerWord.length > 0) {
      windows.add(new int[] {start, piecesPerWord.length - start});
    }
    return windows;
  }
}

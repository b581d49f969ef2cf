package dev.primer.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordWindowsTest {

  private static void assertWindows(int[][] expected, List<int[]> actual) {
    assertEquals(expected.length, actual.size());
    for (int i = 0; i < expected.length; i++) {
      assertArrayEquals(expected[i], actual.get(i), "window " + i);
    }
  }

  @Test
  void fillsWindowsGreedilyOnWordBoundaries() {
    assertWindows(new int[][] {{0, 2}, {2, 1}}, WordWindows.split(new int[] {3, 3, 3}, 6));
    assertWindows(new int[][] {{0, 1}}, WordWindows.split(new int[] {6}, 6));
    assertWindows(new int[][] {{0, 2}, {2, 2}}, WordWindows.split(new int[] {1, 5, 2, 4}, 6));
    assertWindows(new int[][] {{0, 1}, {1, 1}, {2, 1}}, WordWindows.split(new int[] {2, 2, 2}, 3));
    assertWindows(new int[][] {}, WordWindows.split(new int[0], 3));
  }

  @Test
  void rejectsWordsThatDoNotFit() {
    assertThrows(IllegalArgumentException.class, () -> WordWindows.split(new int[] {7}, 6));
    assertThrows(IllegalArgumentException.class, () -> WordWindows.split(new int[] {0}, 6));
    assertThrows(IllegalArgumentException.class, () -> WordWindows.split(new int[] {1}, 0));
  }
}

package dev.primer.learn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.primer.learn.data.EncodedBatch;
import dev.primer.learn.testing.Sentences;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordTagDecoderTest {

  @Test
  void firstSubwordOfEachWordCarriesTheTag() {
    // [CLS] Wash ##ing ##ton is [SEP]: words 0 (3 pieces) and 1.
    var labelled =
        Sentences.encoded(
            "a",
            new int[] {1, 10, 11, 12, 13, 2},
            new int[] {-100, 3, -100, -100, 0, -100},
            new int[] {-1, 0, 0, 0, 1, -1});
    var unlabelled =
        Sentences.encoded(
            "b",
            new int[] {1, 20, 21, 22, 2},
            new int[] {-100, -100, -100, -100, -100},
            new int[] {-1, 0, 1, 1, -1});
    EncodedBatch batch = EncodedBatch.of(List.of(labelled, unlabelled), 0);
    List<int[]> gold = WordTagDecoder.gold(batch);
    assertArrayEquals(new int[] {3, 0}, gold.get(0));
    long[] predicted = {9, 4, 7, 7, 1, 9, 9, 5, 6, 8, 9, 9};
    List<int[]> tags = WordTagDecoder.predicted(batch, predicted);
    assertArrayEquals(new int[] {4, 1}, tags.get(0));
    assertArrayEquals(new int[] {5, 6}, tags.get(1));
    assertEquals(
        0.5, new TokenAccuracyEvaluator().score(List.of(gold.get(0)), List.of(new int[] {3, 1})));
  }
}

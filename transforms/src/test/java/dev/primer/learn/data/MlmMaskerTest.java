package dev.primer.learn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.learn.testing.Sentences;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MlmMaskerTest {

  private static final int MASK = 3;
  private static final int VOCAB = 1000;

  @Test
  void selectsFifteenPercentWithEightyTenTenCorruption() {
    EncodedBatch batch = EncodedBatch.of(Sentences.synthetic(400, VOCAB, 5, 20, 40, 4), 0);
    MaskedLmBatch masked = new MlmMasker(0.15, MASK, VOCAB).mask(batch, new SplittableRandom(1));
    long maskable = batch.tokenCount() - 2L * batch.size();
    double share = masked.positions().length / (double) maskable;
    assertEquals(0.15, share, 0.01);
    int asMask = 0;
    int unchanged = 0;
    for (int i = 0; i < masked.positions().length; i++) {
      int flat = (int) masked.positions()[i];
      assertEquals(batch.inputIds()[flat], masked.targets()[i]);
      int word = batch.wordIds()[flat];
      assertTrue(word >= 0, "special token or padding selected");
      if (masked.inputIds()[flat] == MASK) {
        asMask++;
      } else if (masked.inputIds()[flat] == batch.inputIds()[flat]) {
        unchanged++;
      }
    }
    double n = masked.positions().length;
    assertEquals(0.8, asMask / n, 0.03);
    assertEquals(0.1, unchanged / n, 0.03);
    // Positions not selected are untouched.
    int changedOutside = 0;
    java.util.Set<Long> selected = new java.util.HashSet<>();
    for (long p : masked.positions()) {
      selected.add(p);
    }
    for (int i = 0; i < batch.inputIds().length; i++) {
      if (!selected.contains((long) i) && masked.inputIds()[i] != batch.inputIds()[i]) {
        changedOutside++;
      }
    }
    assertEquals(0, changedOutside);
  }

  @Test
  void sameSeedSameMaskAndAtLeastOnePosition() {
    EncodedBatch batch = EncodedBatch.of(Sentences.synthetic(3, VOCAB, 5, 1, 2, 5), 0);
    MlmMasker masker = new MlmMasker(0.01, MASK, VOCAB);
    MaskedLmBatch a = masker.mask(batch, new SplittableRandom(9));
    MaskedLmBatch b = masker.mask(batch, new SplittableRandom(9));
    assertArrayEquals(a.inputIds(), b.inputIds());
    assertArrayEquals(a.positions(), b.positions());
    assertTrue(a.positions().length >= 1);
    EncodedBatch one =
        EncodedBatch.of(List.of(Sentences.synthetic(1, VOCAB, 5, 1, 1, 6).get(0)), 0);
    assertEquals(1, masker.mask(one, new SplittableRandom(2)).positions().length);
  }
}

package dev.primer.learn.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/**
 * Each derivation of {@link Seeds} gives exactly what the code it replaced computed (the formulas
 * below are copied from before the merge): moving the seeding into one class changed no stream.
 */
class SeedsTest {

  private static final long[] SEEDS = {
    0L, 1L, 2L, 3L, 42L, -1L, Long.MIN_VALUE, 0x123456789abcdefL
  };
  private static final long[] INDICES = {-1L, 0L, 1L, 2L, 7L, 1000L, Long.MAX_VALUE};

  /** EpisodeSampler's old SplitMix64.of(seed, purpose, index) state. */
  private static long oldStream(long seed, long purpose, long index) {
    return oldFinaliser(oldFinaliser(seed ^ oldFinaliser(purpose)) + index * 0x9e3779b97f4a7c15L);
  }

  private static long oldFinaliser(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** PrimingTrainer's old mix(seed, counter). */
  private static long oldPrimingMix(long seed, long counter) {
    long z = seed + 0x9E3779B97F4A7C15L * (counter + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Test
  void everyDerivationIsTheOneItReplaced() {
    for (long seed : SEEDS) {
      for (long index : INDICES) {
        assertEquals(oldStream(seed, 0x4c414e47L, index), Seeds.stream(seed, 0x4c414e47L, index));
        assertEquals(oldStream(seed, 0x53454e54L, index), Seeds.stream(seed, 0x53454e54L, index));
        assertEquals(
            oldPrimingMix(seed ^ 0x5DEECE66DL, index), Seeds.primingStep(seed, index), "step");
        assertEquals(
            oldPrimingMix(seed ^ 0x2545F4914F6CDD1DL, index), Seeds.primingHead(seed, index));
        assertEquals(
            seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL,
            Seeds.batchOrder(seed, index));
      }
      assertEquals(seed * 0x9E3779B97F4A7C15L + 0x5EED_F00DL, Seeds.fewShotSubset(seed));
      assertEquals(seed, Seeds.trainMasking(seed));
      assertEquals(seed ^ 0x5DEECE66DL, Seeds.devMasking(seed));
      assertEquals((int) (seed ^ (seed >>> 32)), Seeds.engine(seed));
      assertEquals(seed, Seeds.dropout(seed));
    }
  }

  @Test
  void theSchemeSeparatesPurposesAndIndices() {
    // Control: the derivation does depend on each of its inputs.
    assertNotEquals(Seeds.stream(1, 2, 3), Seeds.stream(1, 2, 4));
    assertNotEquals(Seeds.stream(1, 2, 3), Seeds.stream(1, 5, 3));
    assertNotEquals(Seeds.stream(1, 2, 3), Seeds.stream(6, 2, 3));
    assertNotEquals(Seeds.primingStep(1, 0), Seeds.primingHead(1, 0));
    assertEquals(0L, Seeds.mix(0L));
    assertEquals(
        new SplitMix64(Seeds.stream(9, 8, 7)).nextLong(), SplitMix64.of(9, 8, 7).nextLong());
  }
}

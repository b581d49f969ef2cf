package dev.primer.learn.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * BERT's masked-LM corruption: every maskable subword is selected with probability {@code p}
 * (default 0.15); a selected subword becomes [MASK] with probability 0.8, a uniformly random id
 * with 0.1, and stays unchanged with 0.1. Special tokens (word id -1, or the first and last
 * position when word ids are absent) and padding are never selected. At least one position per
 * batch is selected, so the loss is always defined.
 */
public final class MlmMasker {

  private final double probability;
  private final int maskId;
  private final int vocabSize;

  /**
   * Creates a masker.
   *
   * @param probability selection probability (BERT: 0.15)
   * @param maskId id of [MASK] (mBERT: 103)
   * @param vocabSize random replacements are drawn from {@code [0, vocabSize)}
   */
  public MlmMasker(double probability, int maskId, int vocabSize) {
    if (!(probability > 0 && probability <= 1)) {
      throw new IllegalArgumentException("masking probability must be in (0, 1]: " + probability);
    }
    if (maskId < 0 || maskId >= vocabSize) {
      throw new IllegalArgumentException("mask id " + maskId + " is outside the vocabulary");
    }
    this.probability = probability;
    this.maskId = maskId;
    this.vocabSize = vocabSize;
  }

  /**
   * Corrupts a batch.
   *
   * @param batch the batch
   * @param random source of randomness (seeded by the caller for reproducibility)
   * @return the masked batch
   */
  public MaskedLmBatch mask(EncodedBatch batch, SplittableRandom random) {
    int width = batch.width();
    long[] ids = Arrays.copyOf(batch.inputIds(), batch.inputIds().length);
    long[] positions = new long[ids.length];
    long[] targets = new long[ids.length];
    boolean[] rowHasWords = rowsWithWordIds(batch);
    int count = 0;
    int candidates = 0;
    for (int b = 0; b < batch.size(); b++) {
      for (int t = 0; t < batch.lengths()[b]; t++) {
        int flat = b * width + t;
        if (!maskable(batch, b, t, rowHasWords)) {
          continue;
        }
        candidates++;
        if (random.nextDouble() < probability) {
          positions[count] = flat;
          targets[count] = ids[flat];
          count++;
        }
      }
    }
    if (candidates == 0) {
      throw new IllegalArgumentException("batch has no maskable subwords");
    }
    if (count == 0) {
      int pick = random.nextInt(candidates);
      outer:
      for (int b = 0; b < batch.size(); b++) {
        for (int t = 0; t < batch.lengths()[b]; t++) {
          if (maskable(batch, b, t, rowHasWords) && pick-- == 0) {
            positions[0] = (long) b * width + t;
            targets[0] = ids[b * width + t];
            count = 1;
            break outer;
          }
        }
      }
    }
    for (int i = 0; i < count; i++) {
      int flat = (int) positions[i];
      double r = random.nextDouble();
      if (r < 0.8) {
        ids[flat] = maskId;
      } else if (r < 0.9) {
        ids[flat] = random.nextInt(vocabSize);
      }
    }
    return new MaskedLmBatch(
        batch, ids, Arrays.copyOf(positions, count), Arrays.copyOf(targets, count));
  }

  private static boolean[] rowsWithWordIds(EncodedBatch batch) {
    boolean[] rows = new boolean[batch.size()];
    int[] words = batch.wordIds();
    for (int b = 0; b < batch.size(); b++) {
      int base = b * batch.width();
      for (int t = 0; t < batch.lengths()[b] && !rows[b]; t++) {
        rows[b] = words[base + t] >= 0;
      }
    }
    return rows;
  }

  private static boolean maskable(EncodedBatch batch, int b, int t, boolean[] rowHasWords) {
    if (rowHasWords[b]) {
      return batch.wordIds()[b * batch.width() + t] >= 0;
    }
    return t > 0 && t < batch.lengths()[b] - 1;
  }
}

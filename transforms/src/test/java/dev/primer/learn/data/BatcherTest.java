package dev.primer.learn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.learn.testing.Sentences;
import dev.primer.schemas.EncodedSentence;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatcherTest {

  @Test
  void padsToLongestWithPadIdIgnoredLabelsAndNoWord() {
    EncodedSentence a =
        Sentences.encoded(
            "a", new int[] {1, 5, 2}, new int[] {-100, 3, -100}, new int[] {-1, 0, -1});
    EncodedSentence b =
        Sentences.encoded(
            "b",
            new int[] {1, 6, 7, 8, 2},
            new int[] {-100, 1, 0, 4, -100},
            new int[] {-1, 0, 1, 2, -1});
    EncodedBatch batch = EncodedBatch.of(List.of(a, b), 9);
    assertEquals(5, batch.width());
    assertArrayEquals(new long[] {1, 5, 2, 9, 9, 1, 6, 7, 8, 2}, batch.inputIds());
    assertArrayEquals(new long[] {-100, 3, -100, -100, -100, -100, 1, 0, 4, -100}, batch.labels());
    assertArrayEquals(new int[] {-1, 0, -1, -1, -1, -1, 0, 1, 2, -1}, batch.wordIds());
    assertArrayEquals(new int[] {3, 5}, batch.lengths());
    assertEquals(8, batch.tokenCount());
    assertEquals(4, batch.labeledCount());
    assertEquals(List.of("a", "b"), batch.ids());
  }

  @Test
  void orderIsFixedBySeedAndEpochAndCoversEverySentenceOnce() {
    List<EncodedSentence> data = Sentences.synthetic(100, 40, 5, 2, 12, 1);
    Batcher batcher = new Batcher(BatchingOptions.builder().setBatchSize(16).optSeed(7).build());
    List<String> first = ids(batcher.epoch(data, 0));
    assertEquals(
        first,
        ids(
            new Batcher(BatchingOptions.builder().setBatchSize(16).optSeed(7).build())
                .epoch(data, 0)));
    assertNotEquals(first, ids(batcher.epoch(data, 1)));
    assertNotEquals(
        first,
        ids(
            new Batcher(BatchingOptions.builder().setBatchSize(16).optSeed(8).build())
                .epoch(data, 0)));
    assertEquals(100, new HashSet<>(first).size());
    assertEquals(7, batcher.epoch(data, 0).size());
    assertEquals(7, batcher.batchesPerEpoch(100));
  }

  @Test
  void bucketingReducesPaddingAndKeepsEverySentence() {
    List<EncodedSentence> data = Sentences.synthetic(400, 40, 5, 1, 40, 2);
    BatchingOptions.Builder options = BatchingOptions.builder().setBatchSize(16).optSeed(3);
    List<EncodedBatch> plain = new Batcher(options.build()).epoch(data, 0);
    List<EncodedBatch> bucketed =
        new Batcher(options.optBucketByLength(true).optBucketPoolBatches(10).build())
            .epoch(data, 0);
    assertTrue(padded(bucketed) < 0.5 * padded(plain), padded(bucketed) + " vs " + padded(plain));
    assertEquals(400, new HashSet<>(ids(bucketed)).size());
  }

  @Test
  void streamBatchesEverySentenceInSeededOrder() {
    List<EncodedSentence> data = Sentences.synthetic(75, 40, 5, 1, 10, 3);
    Batcher batcher =
        new Batcher(BatchingOptions.builder().setBatchSize(8).optBucketPoolBatches(2).build());
    List<EncodedBatch> batches = new ArrayList<>();
    batcher.stream(data.iterator()).forEachRemaining(batches::add);
    List<String> order = ids(batches);
    assertEquals(75, new HashSet<>(order).size());
    List<EncodedBatch> again = new ArrayList<>();
    batcher.stream(data.iterator()).forEachRemaining(again::add);
    assertEquals(order, ids(again));
  }

  private static List<String> ids(List<EncodedBatch> batches) {
    List<String> out = new ArrayList<>();
    batches.forEach(b -> out.addAll(b.ids()));
    return out;
  }

  private static long padded(List<EncodedBatch> batches) {
    long n = 0;
    for (EncodedBatch b : batches) {
      n += (long) b.size() * b.width() - b.tokenCount();
    }
    return n;
  }
}

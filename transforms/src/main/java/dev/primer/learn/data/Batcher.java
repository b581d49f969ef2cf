package dev.primer.learn.data;

import dev.primer.learn.util.Seeds;
import dev.primer.schemas.EncodedSentence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Groups {@link EncodedSentence}s into padded batches in an order fixed by the seed: the same seed,
 * epoch and data give the same batches on every run.
 */
public final class Batcher {

  private final BatchingOptions options;

  /**
   * Creates a batcher.
   *
   * @param options batch size, pad id, seed, shuffling and bucketing
   */
  public Batcher(BatchingOptions options) {
    this.options = options;
  }

  /** The options. */
  public BatchingOptions options() {
    return options;
  }

  /**
   * The batches of one epoch over an in-memory data set.
   *
   * @param data the sentences
   * @param epoch 0-based epoch (each epoch has its own seeded order)
   * @return the batches, the last one possibly smaller
   */
  public List<EncodedBatch> epoch(List<EncodedSentence> data, int epoch) {
    SplittableRandom random = new SplittableRandom(Seeds.batchOrder(options.seed(), epoch));
    return arrange(new ArrayList<>(data), random);
  }

  /**
   * Batches for a stream, read in pools of {@code bucketPoolBatches x batchSize} sentences that are
   * shuffled (and bucketed) within the pool; one pass, no epochs.
   *
   * @param source sentences
   * @return batches in a seeded order
   */
  public Iterator<EncodedBatch> stream(Iterator<EncodedSentence> source) {
    SplittableRandom random = new SplittableRandom(Seeds.batchOrder(options.seed(), -1));
    int poolSize = options.batchSize() * options.bucketPoolBatches();
    return new Iterator<>() {
      private Iterator<EncodedBatch> current = List.<EncodedBatch>of().iterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && source.hasNext()) {
          List<EncodedSentence> pool = new ArrayList<>(poolSize);
          while (pool.size() < poolSize && source.hasNext()) {
            pool.add(source.next());
          }
          current = arrange(pool, random).iterator();
        }
        return current.hasNext();
      }

      @Override
      public EncodedBatch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  /** Number of batches one epoch over {@code n} sentences has. */
  public int batchesPerEpoch(int n) {
    return (n + options.batchSize() - 1) / options.batchSize();
  }

  private List<EncodedBatch> arrange(List<EncodedSentence> items, SplittableRandom random) {
    if (options.shuffle()) {
      shuffle(items, random);
    }
    int batchSize = options.batchSize();
    List<List<EncodedSentence>> groups = new ArrayList<>();
    if (options.bucketByLength()) {
      int pool = batchSize * options.bucketPoolBatches();
      for (int start = 0; start < items.size(); start += pool) {
        List<EncodedSentence> chunk =
            new ArrayList<>(items.subList(start, Math.min(items.size(), start + pool)));
        chunk.sort(Comparator.comparingInt(s -> s.getInputIds().size()));
        cut(chunk, batchSize, groups);
      }
      if (options.shuffle()) {
        shuffle(groups, random);
      }
    } else {
      cut(items, batchSize, groups);
    }
    List<EncodedBatch> batches = new ArrayList<>(groups.size());
    for (List<EncodedSentence> g : groups) {
      batches.add(EncodedBatch.of(g, options.padId()));
    }
    return batches;
  }

  private static void cut(
      List<EncodedSentence> items, int batchSize, List<List<EncodedSentence>> out) {
    for (int start = 0; start < items.size(); start += batchSize) {
      out.add(items.subList(start, Math.min(items.size(), start + batchSize)));
    }
  }

  private static <T> void shuffle(List<T> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T tmp = list.get(i);
      list.set(i, list.get(j));
      list.set(j, tmp);
    }
  }
}

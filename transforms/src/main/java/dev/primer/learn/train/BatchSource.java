package dev.primer.learn.train;

import dev.primer.learn.data.EncodedBatch;
import java.util.Iterator;

/** The training batches of every epoch. */
@FunctionalInterface
public interface BatchSource {

  /**
   * Batches of one epoch.
   *
   * @param epoch 0-based epoch
   * @return its batches (empty when the data is exhausted, e.g. a one-pass stream)
   */
  Iterator<EncodedBatch> epoch(int epoch);
}

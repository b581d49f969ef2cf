package dev.primer.learn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Builds one batch's scalar loss during a recorded forward pass. */
@FunctionalInterface
public interface LossFunction {

  /**
   * Computes the loss.
   *
   * @param stepManager manager for input arrays; everything is freed after the backward pass
   * @return a 0-d loss
   */
  NDArray compute(NDManager stepManager);
}

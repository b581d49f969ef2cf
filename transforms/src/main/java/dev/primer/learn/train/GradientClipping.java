package dev.primer.learn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import dev.primer.learn.util.TorchOps;
import java.util.List;

/**
 * Clipping by global norm, as {@code torch.nn.utils.clip_grad_norm_}: the gradients are scaled by
 * {@code min(1, maxNorm / (norm + 1e-6))} where {@code norm} is the 2-norm of all of them.
 */
public final class GradientClipping {

  private GradientClipping() {}

  /**
   * The global 2-norm of {@code grads} (one host synchronisation).
   *
   * @param grads gradient arrays
   * @return the norm
   */
  public static double globalNorm(List<NDArray> grads) {
    if (grads.isEmpty()) {
      return 0;
    }
    NDList norms = new NDList(grads.size());
    for (NDArray g : grads) {
      norms.add(TorchOps.l2Norm(g));
    }
    try (NDArray stacked = NDArrays.stack(norms);
        NDArray total = TorchOps.l2Norm(stacked)) {
      return TorchOps.toDouble(total);
    } finally {
      norms.close();
    }
  }

  /**
   * The factor gradients are multiplied by.
   *
   * @param norm global norm
   * @param maxNorm threshold ({@code <= 0} disables clipping)
   * @return the factor, at most 1
   */
  public static double scale(double norm, double maxNorm) {
    if (maxNorm <= 0) {
      return 1;
    }
    return Math.min(1.0, maxNorm / (norm + 1e-6));
  }
}

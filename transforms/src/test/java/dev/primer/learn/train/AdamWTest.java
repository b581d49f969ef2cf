package dev.primer.learn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** AdamW against hand-computed PyTorch-AdamW updates. */
class AdamWTest {

  /** Reference AdamW (torch.optim.AdamW, single tensor), in double precision. */
  private static final class Reference {
    final double[] w;
    final double[] m;
    final double[] v;
    int t;

    Reference(double[] w) {
      this.w = w.clone();
      m = new double[w.length];
      v = new double[w.length];
    }

    void step(double[] g, double lr, double wd, double scale) {
      t++;
      double b1 = 0.9;
      double b2 = 0.999;
      double eps = 1e-8;
      for (int i = 0; i < w.length; i++) {
        double gi = g[i] * scale;
        w[i] -= lr * wd * w[i];
        m[i] = b1 * m[i] + (1 - b1) * gi;
        v[i] = b2 * v[i] + (1 - b2) * gi * gi;
        double mHat = m[i] / (1 - Math.pow(b1, t));
        double vHat = v[i] / (1 - Math.pow(b2, t));
        w[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, Long.MAX_VALUE})
  void matchesHandComputedUpdatesWithAndWithoutDecay(long chunkElements) {
    double[] w0 = {1.0, -2.0, 3.0, 0.5};
    double[][] grads = {{0.1, -0.2, 0.3, 0.0}, {-0.5, 0.4, 0.05, 1e-4}, {0.2, 0.2, -0.2, 2.0}};
    double[] rates = {0.1, 0.05, 0.01};
    double[] scales = {1.0, 0.5, 1.0};
    for (boolean decay : new boolean[] {true, false}) {
      Reference ref = new Reference(w0);
      try (NDManager manager = NDManager.newBaseManager();
          AdamW adamW =
              AdamW.builder().optWeightDecay(0.1).optChunkElements(chunkElements).build()) {
        // 2 x 2 so that a chunk of 1 element updates it row by row.
        NDArray w = manager.create(toFloat(w0), new Shape(2, 2));
        for (int s = 0; s < grads.length; s++) {
          NDArray g = manager.create(toFloat(grads[s]), new Shape(2, 2));
          adamW.update("w", w, g, decay, rates[s], scales[s]);
          ref.step(grads[s], rates[s], decay ? 0.1 : 0, scales[s]);
          assertArrayEquals(toFloat(ref.w), w.toFloatArray(), 2e-6f, "step " + s);
          assertArrayEquals(toFloat(ref.m), adamW.mean("w").toFloatArray(), 1e-7f);
          // The native kernel takes the betas as float: 1 - 0.999f is off by 1.3e-5 relative.
          assertArrayEquals(toFloat(ref.v), adamW.variance("w").toFloatArray(), 1e-7f);
          assertArrayEquals(toFloat(grads[s]), g.toFloatArray(), 0f, "gradient untouched");
        }
        assertEquals(3, adamW.steps("w"));
      }
    }
  }

  @Test
  void firstStepMovesEachWeightByTheLearningRate() {
    // Adam's first step is lr * sign(g) (up to eps) whatever the gradient's size.
    try (NDManager manager = NDManager.newBaseManager();
        AdamW adamW = AdamW.builder().optWeightDecay(0).build()) {
      NDArray w = manager.create(new float[] {0f, 0f, 0f});
      adamW.update("w", w, manager.create(new float[] {1e-3f, -50f, 7f}), true, 0.01, 1);
      assertArrayEquals(new float[] {-0.01f, 0.01f, -0.01f}, w.toFloatArray(), 1e-6f);
    }
  }

  private static float[] toFloat(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }
}

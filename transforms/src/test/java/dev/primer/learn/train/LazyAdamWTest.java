package dev.primer.learn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The lazy row update of AdamW against the dense update. */
class LazyAdamWTest {

  private static float[] random(int n, long seed) {
    Random r = new Random(seed);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) r.nextGaussian();
    }
    return out;
  }

  @Test
  void rowsUpdateLikeTheDenseUpdateAndOtherRowsKeepTheirValuesAndMoments() {
    int rows = 10;
    int width = 4;
    long[] touched = {1, 4, 7};
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] init = random(rows * width, 1);
      float[] denseGrad = new float[rows * width];
      float[] rowGrad = random(touched.length * width, 2);
      for (int i = 0; i < touched.length; i++) {
        System.arraycopy(rowGrad, i * width, denseGrad, (int) touched[i] * width, width);
      }
      NDArray dense = manager.create(init, new Shape(rows, width));
      NDArray lazy = manager.create(init, new Shape(rows, width));
      try (AdamW a = AdamW.builder().optWeightDecay(0.1).build();
          AdamW b = AdamW.builder().optWeightDecay(0.1).build()) {
        a.update("w", dense, manager.create(denseGrad, new Shape(rows, width)), true, 1e-2, 0.5);
        b.updateRows(
            "w",
            lazy,
            manager.create(rowGrad, new Shape(touched.length, width)),
            manager.create(touched),
            true,
            1e-2,
            0.5);
        float[] d = dense.toFloatArray();
        float[] l = lazy.toFloatArray();
        for (int r = 0; r < rows; r++) {
          boolean isTouched = r == 1 || r == 4 || r == 7;
          for (int c = 0; c < width; c++) {
            int i = r * width + c;
            if (isTouched) {
              assertEquals(d[i], l[i], 0f, "row " + r);
            } else {
              assertEquals(init[i], l[i], 0f, "untouched row " + r + " keeps its value");
              assertNotEquals(init[i], d[i], "dense weight decay moves row " + r);
            }
          }
        }
        assertArrayEquals(
            a.mean("w").get("1:2").toFloatArray(), b.mean("w").get("1:2").toFloatArray(), 0f);
        assertArrayEquals(new float[width], b.mean("w").get("0:1").toFloatArray(), 0f);
        assertEquals(1, b.steps("w"));
      }
    }
  }
}

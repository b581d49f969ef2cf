package dev.primer.seqeval;

/**
 * Sums doubles in the order NumPy's {@code add.reduce} does (pairwise summation with eight
 * accumulators in blocks of up to 128), so averages computed here equal {@code np.average} to the
 * last bit, also for reports with more than eight entity types.
 */
final class NumpySum {

  private static final int BLOCK = 128;

  private NumpySum() {}

  /** {@code np.sum(values)} for a contiguous float64 array. */
  static double sum(double[] values) {
    return 0.0 + pairwise(values, 0, values.length);
  }

  /** {@code np.mean(values)}: NaN for an empty array, like NumPy. */
  static double mean(double[] values) {
    return values.length == 0 ? Double.NaN : sum(values) / values.length;
  }

  /** {@code np.average(values, weights=weights)} for integer weights with a non-zero sum. */
  static double weightedMean(double[] values, long[] weights) {
    double[] products = new double[values.length];
    double[] w = new double[weights.length];
    for (int i = 0; i < values.length; i++) {
      w[i] = (double) weights[i];
      products[i] = values[i] * w[i];
    }
    return sum(products) / sum(w);
  }

  private static double pairwise(double[] a, int from, int n) {
    if (n < 8) {
      double res = 0.0;
      for (int i = 0; i < n; i++) {
        res += a[from + i];
      }
      return res;
    } else if (n <= BLOCK) {
      double[] r = new double[8];
      System.arraycopy(a, from, r, 0, 8);
      int i;
      for (i = 8; i < n - (n % 8); i += 8) {
        for (int j = 0; j < 8; j++) {
          r[j] += a[from + i + j];
        }
      }
      double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) {
        res += a[from + i];
      }
      return res;
    } else {
      int n2 = n / 2;
      n2 -= n2 % 8;
      return pairwise(a, from, n2) + pairwise(a, from + n2, n - n2);
    }
  }
}

package dev.primer.report;

import java.util.List;

/**
 * Mean and sample standard deviation (n − 1 in the denominator) of a few values, e.g. the F1 of one
 * setting over seeds.
 *
 * @param n number of values
 * @param mean their mean
 * @param std their sample standard deviation; NaN when n &lt; 2
 */
public record SampleStats(int n, double mean, double std) {

  /** The statistics of {@code values} (at least one). */
  public static SampleStats of(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    int n = values.size();
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    double mean = sum / n;
    if (n < 2) {
      return new SampleStats(n, mean, Double.NaN);
    }
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    return new SampleStats(n, mean, Math.sqrt(squares / (n - 1)));
  }
}

package dev.primer.report;

import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The mean of paired differences (e.g. primed − unprimed F1 of the same language, method and seed)
 * with a two-sided Student t confidence interval: {@code mean ± t(1 − α/2, n − 1) · std / √n}, the
 * quantile from commons-math3's {@link TDistribution}.
 *
 * @param stats mean and sample standard deviation of the differences
 * @param confidence the interval's level, e.g. 0.95
 * @param t the t quantile used; NaN when n &lt; 2 (no interval)
 * @param low lower end of the interval; NaN when n &lt; 2
 * @param high upper end; NaN when n &lt; 2
 */
public record PairedDifference(
    SampleStats stats, double confidence, double t, double low, double high) {

  private static final double INVERSE_ACCURACY = 1e-12;

  /** The interval for {@code differences} (at least one) at level {@code confidence}. */
  public static PairedDifference of(List<Double> differences, double confidence) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
    }
    SampleStats stats = SampleStats.of(differences);
    if (stats.n() < 2) {
      return new PairedDifference(stats, confidence, Double.NaN, Double.NaN, Double.NaN);
    }
    double t = tQuantile(1 - (1 - confidence) / 2, stats.n() - 1);
    double half = t * stats.std() / Math.sqrt(stats.n());
    return new PairedDifference(stats, confidence, t, stats.mean() - half, stats.mean() + half);
  }

  /** The t with P(T ≤ t) = p for T with {@code df} degrees of freedom. */
  static double tQuantile(double p, int df) {
    return studentT(df).inverseCumulativeProbability(p);
  }

  /**
   * Student's t distribution with {@code df} degrees of freedom (never sampled: no generator),
   * inverting its CDF to 1e-12 (commons-math's default, 1e-9, moves the fourth-decimal figures of a
   * CI by about 1e-10).
   */
  static TDistribution studentT(int df) {
    return new TDistribution(null, df, INVERSE_ACCURACY);
  }

  /** True when the interval lies entirely above zero. */
  public boolean significantlyPositive() {
    return low > 0;
  }
}

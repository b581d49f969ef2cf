package dev.primer.report;

import java.util.Locale;

/** How the report writes numbers: F1 as points (× 100) with two decimals. */
public final class ReportFormat {

  private ReportFormat() {}

  /** An F1 fraction as points, e.g. 0.83333 → {@code 83.33}. */
  public static String points(double f1) {
    return String.format(Locale.ROOT, "%.2f", 100 * f1);
  }

  /** A difference of F1 fractions as signed points, e.g. 0.0125 → {@code +1.25}. */
  public static String signedPoints(double difference) {
    String s = String.format(Locale.ROOT, "%+.2f", 100 * difference);
    return s.equals("-0.00") ? "+0.00" : s;
  }

  /** A table cell of F1 over seeds: {@code 83.33 ± 2.08}, or {@code 83.33} for one seed. */
  public static String meanStd(SampleStats stats) {
    return Double.isNaN(stats.std())
        ? points(stats.mean())
        : points(stats.mean()) + " ± " + points(stats.std());
  }

  /** A gain cell: {@code +1.25 [-0.40, +2.90]}, or {@code +1.25} without an interval. */
  public static String gain(PairedDifference d) {
    String mean = signedPoints(d.stats().mean());
    return Double.isNaN(d.low())
        ? mean
        : mean + " [" + signedPoints(d.low()) + ", " + signedPoints(d.high()) + "]";
  }
}

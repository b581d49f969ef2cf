package dev.primer.report;

/**
 * Student's t distribution: its CDF through the regularised incomplete beta function (continued
 * fraction, as in Numerical Recipes' {@code betacf}) and its quantiles by bisection on the CDF.
 * Accurate to about 1e-10, far more than a confidence interval needs.
 */
public final class StudentT {

  private StudentT() {}

  /** P(T ≤ t) for T with {@code df} degrees of freedom. */
  public static double cdf(double t, double df) {
    checkDf(df);
    if (Double.isNaN(t)) {
      return Double.NaN;
    }
    if (Double.isInfinite(t)) {
      return t > 0 ? 1.0 : 0.0;
    }
    double tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2.0, 0.5);
    return t >= 0 ? 1.0 - tail : tail;
  }

  /** The t with P(T ≤ t) = p, e.g. {@code quantile(0.975, 2)} ≈ 4.303. */
  public static double quantile(double p, double df) {
    checkDf(df);
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("probability must be in (0, 1), got " + p);
    }
    if (p == 0.5) {
      return 0.0;
    }
    if (p < 0.5) {
      return -quantile(1.0 - p, df);
    }
    double low = 0.0;
    double high = 1.0;
    while (cdf(high, df) < p) {
      low = high;
      high *= 2;
    }
    for (int i = 0; i < 200 && high - low > 1e-13 * Math.max(1.0, high); i++) {
      double mid = 0.5 * (low + high);
      if (cdf(mid, df) < p) {
        low = mid;
      } else {
        high = mid;
      }
    }
    return 0.5 * (low + high);
  }

  private static void checkDf(double df) {
    if (!(df > 0) || Double.isInfinite(df)) {
      throw new IllegalArgumentException("degrees of freedom must be positive, got " + df);
    }
  }

  /** I_x(a, b), the regularised incomplete beta function. */
  static double regularizedBeta(double x, double a, double b) {
    if (x <= 0) {
      return 0.0;
    }
    if (x >= 1) {
      return 1.0;
    }
    double logFront =
        logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
    double front = Math.exp(logFront);
    if (x < (a + 1) / (a + b + 2)) {
      return front * betaContinuedFraction(x, a, b) / a;
    }
    return 1.0 - front * betaContinuedFraction(1 - x, b, a) / b;
  }

  /** Lentz's evaluation of the continued fraction for I_x(a, b). */
  private static double betaContinuedFraction(double x, double a, double b) {
    final double tiny = 1e-300;
    double qab = a + b;
    double qap = a + 1;
    double qam = a - 1;
    double c = 1.0;
    double d = 1.0 - qab * x / qap;
    if (Math.abs(d) < tiny) {
      d = tiny;
    }
    d = 1.0 / d;
    double h = d;
    for (int m = 1; m <= 10_000; m++) {
      int m2 = 2 * m;
      double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
      d = 1.0 + aa * d;
      d = Math.abs(d) < tiny ? tiny : d;
      c = 1.0 + aa / c;
      c = Math.abs(c) < tiny ? tiny : c;
      d = 1.0 / d;
      h *= d * c;
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
      d = 1.0 + aa * d;
      d = Math.abs(d) < tiny ? tiny : d;
      c = 1.0 + aa / c;
      c = Math.abs(c) < tiny ? tiny : c;
      d = 1.0 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1.0) < 1e-15) {
        return h;
      }
    }
    throw new ArithmeticException("incomplete beta did not converge for x=" + x);
  }

  /** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; relative error below 1e-14). */
  static double logGamma(double x) {
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    double[] c = {
      0.99999999999980993,
      676.5203681218851,
      -1259.1392167224028,
      771.32342877765313,
      -176.61502916214059,
      12.507343278686905,
      -0.13857109526572012,
      9.9843695780195716e-6,
      1.5056327351493116e-7
    };
    x -= 1;
    double sum = c[0];
    for (int i = 1; i < c.length; i++) {
      sum += c[i] / (x + i);
    }
    double t = x + 7.5;
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
  }
}

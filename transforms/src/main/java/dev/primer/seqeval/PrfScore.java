package dev.primer.seqeval;

import java.io.Serializable;

/**
 * Precision, recall, F1 and support (number of gold entities) of one row of a report.
 *
 * @param precision correct / predicted, 0.0 when nothing was predicted (seqeval's zero division)
 * @param recall correct / gold, 0.0 when there is no gold entity
 * @param f1 harmonic mean of precision and recall, 0.0 when both are 0
 * @param support number of gold entities counted in this row
 */
public record PrfScore(double precision, double recall, double f1, long support)
    implements Serializable {

  /**
   * Scores one set of counts the way seqeval (sklearn's {@code _prf_divide}) does: a zero
   * denominator gives 0.0 and F1 is {@code 2 * p * r / (p + r)}, or 0.0 when {@code p + r == 0}.
   */
  public static PrfScore of(long correct, long predicted, long gold) {
    double p = predicted == 0 ? 0.0 : (double) correct / (double) predicted;
    double r = gold == 0 ? 0.0 : (double) correct / (double) gold;
    return new PrfScore(p, r, f1(p, r), gold);
  }

  static double f1(double p, double r) {
    double denom = p + r;
    return denom == 0.0 ? 0.0 : 2.0 * p * r / denom;
  }
}

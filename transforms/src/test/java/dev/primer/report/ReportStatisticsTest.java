package dev.primer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportStatisticsTest {

  /** Two-sided 95% critical values from published t tables (and R's qt(0.975, df)). */
  @Test
  void tQuantilesMatchTables() {
    assertEquals(12.7062047362, PairedDifference.tQuantile(0.975, 1), 1e-7);
    assertEquals(4.3026527297, PairedDifference.tQuantile(0.975, 2), 1e-7);
    assertEquals(3.1824463053, PairedDifference.tQuantile(0.975, 3), 1e-7);
    assertEquals(2.7764451052, PairedDifference.tQuantile(0.975, 4), 1e-7);
    assertEquals(2.2621571628, PairedDifference.tQuantile(0.975, 9), 1e-7);
    assertEquals(2.0452296421, PairedDifference.tQuantile(0.975, 29), 1e-7);
    assertEquals(1.9623390808, PairedDifference.tQuantile(0.975, 1000), 1e-7);
    assertEquals(2.0150483733, PairedDifference.tQuantile(0.95, 5), 1e-7);
    assertEquals(63.6567411629, PairedDifference.tQuantile(0.995, 1), 1e-6);
    assertEquals(-4.3026527297, PairedDifference.tQuantile(0.025, 2), 1e-7);
    assertEquals(0.0, PairedDifference.tQuantile(0.5, 7), 0.0);
    // R: qt(0.975, 3) = 3.182446305284263 (to 1e-12, as the quantiles are inverted).
    assertEquals(3.182446305284263, PairedDifference.tQuantile(0.975, 3), 1e-11);
  }

  @Test
  void tCdfMatchesClosedForms() {
    // df = 1 is the Cauchy distribution; df = 2 has cdf 1/2 + t / (2 sqrt(2 + t^2)).
    for (double t : new double[] {-3, -0.5, 0, 0.7, 2, 10}) {
      assertEquals(
          0.5 + Math.atan(t) / Math.PI,
          PairedDifference.studentT(1).cumulativeProbability(t),
          1e-12,
          "df=1 t=" + t);
      assertEquals(
          0.5 + t / (2 * Math.sqrt(2 + t * t)),
          PairedDifference.studentT(2).cumulativeProbability(t),
          1e-12,
          "df=2 t=" + t);
    }
    assertEquals(0.5, PairedDifference.studentT(13).cumulativeProbability(0), 1e-15);
    assertThrows(Exception.class, () -> PairedDifference.studentT(0));
    assertThrows(IllegalArgumentException.class, () -> PairedDifference.of(List.of(0.1, 0.2), 1));
  }

  @Test
  void sampleStatsUseNMinusOne() {
    SampleStats s = SampleStats.of(List.of(0.70, 0.74, 0.78));
    assertEquals(3, s.n());
    assertEquals(0.74, s.mean(), 1e-15);
    assertEquals(0.04, s.std(), 1e-15);
    SampleStats one = SampleStats.of(List.of(0.5));
    assertEquals(0.5, one.mean(), 0);
    assertTrue(Double.isNaN(one.std()));
  }

  @Test
  void pairedDifferenceIntervalByHand() {
    // Differences 0.02, 0.03, 0.07: mean 0.04, sd sqrt(((-.02)^2 + (-.01)^2 + .03^2) / 2) =
    // sqrt(0.0007), half width 4.30265 * sqrt(0.0007) / sqrt(3).
    PairedDifference d = PairedDifference.of(List.of(0.02, 0.03, 0.07), 0.95);
    double half = 4.3026527297 * Math.sqrt(0.0007) / Math.sqrt(3);
    assertEquals(0.04, d.stats().mean(), 1e-15);
    assertEquals(Math.sqrt(0.0007), d.stats().std(), 1e-15);
    assertEquals(4.3026527297, d.t(), 1e-7);
    assertEquals(0.04 - half, d.low(), 1e-9);
    assertEquals(0.04 + half, d.high(), 1e-9);
    assertEquals(-0.025724, d.low(), 1e-6);
    assertEquals(0.105724, d.high(), 1e-6);
    assertTrue(!d.significantlyPositive());
    // 0.03, 0.04, 0.05: sd 0.01, half width 4.30265 * 0.01 / sqrt(3) = 0.024841.
    PairedDifference tight = PairedDifference.of(List.of(0.03, 0.04, 0.05), 0.95);
    assertEquals(0.015159, tight.low(), 1e-6);
    assertEquals(0.064841, tight.high(), 1e-6);
    assertTrue(tight.significantlyPositive());
    PairedDifference single = PairedDifference.of(List.of(0.1), 0.95);
    assertTrue(Double.isNaN(single.low()) && Double.isNaN(single.high()));
  }
}

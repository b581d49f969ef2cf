package dev.primer.seqeval;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Entity-level scores equal to seqeval's default mode: one row per entity type found in the gold or
 * the predicted tags (sorted), and the micro, macro and weighted averages of {@code
 * seqeval.metrics.classification_report}. Built by {@link NerScoreAccumulator#report()}.
 *
 * <p>Zero divisions give 0.0 as in seqeval. As in seqeval (NumPy's mean of an empty array), the
 * macro average is NaN when neither gold nor prediction holds any entity.
 */
public final class NerReport implements Serializable {

  private static final long serialVersionUID = 1L;

  private final SortedMap<String, PrfScore> perType;
  private final PrfScore micro;
  private final PrfScore macro;
  private final PrfScore weighted;
  private final long correctTokens;
  private final long tokens;
  private final long sentences;

  NerReport(SortedMap<String, long[]> counts, long correctTokens, long tokens, long sentences) {
    TreeMap<String, PrfScore> rows = new TreeMap<>();
    int n = counts.size();
    double[] ps = new double[n];
    double[] rs = new double[n];
    double[] fs = new double[n];
    long[] supports = new long[n];
    long tp = 0;
    long pred = 0;
    long gold = 0;
    int i = 0;
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      long[] c = e.getValue();
      PrfScore row = PrfScore.of(c[0], c[1], c[2]);
      rows.put(e.getKey(), row);
      ps[i] = row.precision();
      rs[i] = row.recall();
      fs[i] = row.f1();
      supports[i] = c[2];
      tp += c[0];
      pred += c[1];
      gold += c[2];
      i++;
    }
    this.perType = Collections.unmodifiableSortedMap(rows);
    this.micro = PrfScore.of(tp, pred, gold);
    this.macro = new PrfScore(NumpySum.mean(ps), NumpySum.mean(rs), NumpySum.mean(fs), gold);
    if (gold == 0) {
      // seqeval returns the zero-division value (0.0) when all weights are zero.
      this.weighted = new PrfScore(0.0, 0.0, 0.0, 0);
    } else {
      this.weighted =
          new PrfScore(
              NumpySum.weightedMean(ps, supports),
              NumpySum.weightedMean(rs, supports),
              NumpySum.weightedMean(fs, supports),
              gold);
    }
    this.correctTokens = correctTokens;
    this.tokens = tokens;
    this.sentences = sentences;
  }

  /** Rows per entity type, sorted by type name. */
  public SortedMap<String, PrfScore> perType() {
    return perType;
  }

  /** The row of one type, or {@code null} when the type occurs in neither gold nor prediction. */
  public PrfScore type(String type) {
    return perType.get(type);
  }

  /** Micro average: seqeval's {@code f1_score(y_true, y_pred)} default. */
  public PrfScore micro() {
    return micro;
  }

  /** Unweighted mean over types (NaN when there are no types). */
  public PrfScore macro() {
    return macro;
  }

  /** Mean over types weighted by gold support. */
  public PrfScore weighted() {
    return weighted;
  }

  /** Token-level accuracy, seqeval's {@code accuracy_score}; NaN when no token was counted. */
  public double tokenAccuracy() {
    return tokens == 0 ? Double.NaN : (double) correctTokens / (double) tokens;
  }

  /** Number of tokens counted. */
  public long tokens() {
    return tokens;
  }

  /** Number of sentences counted. */
  public long sentences() {
    return sentences;
  }

  /** Rows by name ("PER", ..., "micro avg", "macro avg", "weighted avg"), as in seqeval's dict. */
  public Map<String, PrfScore> asMap() {
    Map<String, PrfScore> map = new LinkedHashMap<>(perType);
    map.put("micro avg", micro);
    map.put("macro avg", macro);
    map.put("weighted avg", weighted);
    return map;
  }

  /**
   * The text of seqeval's {@code classification_report(..., digits=digits)}: same layout, same
   * rounding (half-even on the exact binary value, like Python's format).
   */
  public String format(int digits) {
    int width = "weighted avg".length();
    for (String type : perType.keySet()) {
      width = Math.max(width, type.length());
    }
    width = Math.max(width, digits);
    StringBuilder out = new StringBuilder();
    out.append(" ".repeat(width)).append(' ');
    for (String header : List.of("precision", "recall", "f1-score", "support")) {
      out.append(' ').append(pad(header, 9));
    }
    out.append("\n\n");
    List<String> lines = new ArrayList<>();
    for (Map.Entry<String, PrfScore> e : perType.entrySet()) {
      lines.add(row(e.getKey(), e.getValue(), width, digits));
    }
    lines.add("");
    lines.add(row("micro avg", micro, width, digits));
    lines.add(row("macro avg", macro, width, digits));
    lines.add(row("weighted avg", weighted, width, digits));
    lines.add("");
    out.append(String.join("\n", lines));
    return out.toString();
  }

  @Override
  public String toString() {
    return format(2);
  }

  private static String row(String name, PrfScore s, int width, int digits) {
    return pad(name, width)
        + " "
        + " "
        + pad(number(s.precision(), digits), 9)
        + " "
        + pad(number(s.recall(), digits), 9)
        + " "
        + pad(number(s.f1(), digits), 9)
        + " "
        + pad(Long.toString(s.support()), 9);
  }

  private static String number(double value, int digits) {
    if (Double.isNaN(value)) {
      return "nan";
    }
    return new BigDecimal(value).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
  }
}

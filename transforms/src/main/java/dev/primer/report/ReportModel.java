package dev.primer.report;

import java.util.List;
import java.util.Map;

/**
 * Everything a report shows, computed from a run's metrics by {@link ReportBuilder}; {@link
 * HtmlReport} and {@link SummaryJson} only format it.
 *
 * @param runId the run
 * @param baseline the setting gains are measured against (unprimed)
 * @param confidence the level of the gains' confidence intervals
 * @param stages every metric-writing stage, with whether it completed in this run
 * @param recordsRead metric records read per completed stage
 * @param splits splits with final fine-tuning F1, in report order (dev, test, others)
 * @param languages target languages with final fine-tuning F1
 * @param columns (setting, method) combinations with final F1, in report order
 * @param f1 final fine-tuning F1 per split, language, setting and method
 * @param gains paired differences setting − baseline
 * @param evaluation final F1 measured by the evaluate stage, aggregated the same way
 * @param charts every plot, in report order
 * @param notes anything the reader should know (duplicates kept out, missing baselines)
 */
public record ReportModel(
    String runId,
    String baseline,
    double confidence,
    Map<String, Boolean> stages,
    Map<String, Integer> recordsRead,
    List<String> splits,
    List<String> languages,
    List<Column> columns,
    List<F1Summary> f1,
    List<Gain> gains,
    List<F1Summary> evaluation,
    List<Chart> charts,
    List<String> notes) {

  /** A (setting, method) column of the F1 table. */
  public record Column(String setting, String method) {
    /** {@code setting / method}, or just the setting when the method is the setting's name. */
    public String label() {
      return setting.equals(method) ? setting : setting + " / " + method;
    }
  }

  /** The F1 summary of a cell, or null. */
  public F1Summary f1(String split, String lang, Column column) {
    for (F1Summary s : f1) {
      if (s.split().equals(split)
          && s.lang().equals(lang)
          && s.setting().equals(column.setting())
          && s.method().equals(column.method())) {
        return s;
      }
    }
    return null;
  }

  /** The gain of a cell, or null. */
  public Gain gain(String split, String lang, Column column) {
    for (Gain g : gains) {
      if (g.split().equals(split)
          && g.lang().equals(lang)
          && g.setting().equals(column.setting())
          && g.method().equals(column.method())) {
        return g;
      }
    }
    return null;
  }

  /** The columns that have gains (priming variants), in column order. */
  public List<Column> gainColumns() {
    return columns.stream()
        .filter(
            c ->
                gains.stream()
                    .anyMatch(
                        g -> g.setting().equals(c.setting()) && g.method().equals(c.method())))
        .toList();
  }
}

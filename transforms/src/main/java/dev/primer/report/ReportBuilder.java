package dev.primer.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Aggregates a run's {@code Metric} records into a {@link ReportModel}, following the shared
 * conventions: the final F1 of a fine-tuning task is {@code {stage=finetune, step=-1, name=f1}} on
 * its split (dev, and test when measured); learning curves are the records with {@code step ≥ 0};
 * the priming curve is {@code {stage=prime, split=query, name=loss|f1}}.
 *
 * <p>F1 is summarised per (split, language, setting, method) as mean ± sample std over seeds. Each
 * setting other than {@code full} and the baseline is compared with the baseline by paired
 * differences (same split, language, method and seed), per language and pooled over languages, with
 * a Student t confidence interval. When a task reports its final F1 twice, the most recent record
 * counts and a note says so.
 *
 * <p>The work is split by responsibility: {@link ReportTables} (final F1 and columns), {@link
 * ReportGains} (paired differences), {@link ReportCharts} (bars and curves), with the display order
 * in {@link ReportOrder}.
 */
public final class ReportBuilder {

  /** The setting of full fine-tuning, never compared with the baseline. */
  public static final String FULL = "full";

  /** The default baseline setting. */
  public static final String UNPRIMED = "unprimed";

  private final String runId;
  private final String baseline;
  private final double confidence;
  private final List<String> notes = new ArrayList<>();

  private ReportBuilder(String runId, String baseline, double confidence) {
    this.runId = runId;
    this.baseline = baseline;
    this.confidence = confidence;
  }

  /** Builds the report of a run's metrics. */
  public static ReportModel build(
      String runId, RunMetrics metrics, String baseline, double confidence) {
    return new ReportBuilder(runId, baseline, confidence).build(metrics);
  }

  private ReportModel build(RunMetrics metrics) {
    Map<String, Boolean> stages = new LinkedHashMap<>();
    Map<String, Integer> recordsRead = new LinkedHashMap<>();
    for (String stage : RunMetrics.STAGES) {
      stages.put(stage, metrics.has(stage));
      if (metrics.has(stage)) {
        recordsRead.put(stage, metrics.of(stage).size());
      }
    }
    ReportOrder order = new ReportOrder(baseline);
    ReportTables tables = new ReportTables(order, notes);
    List<F1Summary> f1 = tables.finals(RunMetrics.FINETUNE, metrics.of(RunMetrics.FINETUNE));
    List<F1Summary> evaluation =
        tables.finals(RunMetrics.EVALUATE, metrics.of(RunMetrics.EVALUATE));
    List<String> splits =
        ReportOrder.ordered(f1.stream().map(F1Summary::split).toList(), ReportOrder.SPLIT_ORDER);
    List<String> languages = List.copyOf(new TreeSet<>(f1.stream().map(F1Summary::lang).toList()));
    List<ReportModel.Column> columns = tables.columns(f1);
    List<Gain> gains =
        new ReportGains(baseline, confidence, notes).gains(f1, splits, languages, columns);

    ReportCharts chartMaker = new ReportCharts(baseline, confidence, order, columns);
    List<Chart> charts = new ArrayList<>();
    for (String split : splits) {
      charts.add(chartMaker.f1Bars(split, languages, columns, f1));
    }
    for (String split : splits) {
      Chart bars = chartMaker.gainBars(split, languages, columns, gains);
      if (bars != null) {
        charts.add(bars);
      }
    }
    chartMaker.primingCurves(metrics.of(RunMetrics.PRIME), charts);
    chartMaker.finetuneCurves(metrics.of(RunMetrics.FINETUNE), charts);
    chartMaker.pretrainCurve(metrics.of(RunMetrics.PRETRAIN), charts);
    return new ReportModel(
        runId,
        baseline,
        confidence,
        stages,
        recordsRead,
        splits,
        languages,
        columns,
        f1,
        gains,
        evaluation,
        charts,
        List.copyOf(notes));
  }
}

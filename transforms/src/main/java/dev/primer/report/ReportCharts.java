package dev.primer.report;

import dev.primer.schemas.Metric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The report's charts: final F1 and gain bars per split, priming, fine-tuning and pretraining
 * curves. A (setting, method) column keeps one colour in every chart.
 */
final class ReportCharts {

  /** Most points a plotted line keeps (longer ones are averaged in consecutive buckets). */
  static final int MAX_POINTS = 400;

  private final String baseline;
  private final double confidence;
  private final ReportOrder order;
  private final Map<String, String> colors = new LinkedHashMap<>();

  /** Charts whose columns take the palette in the order of {@code columns}. */
  ReportCharts(
      String baseline, double confidence, ReportOrder order, List<ReportModel.Column> columns) {
    this.baseline = baseline;
    this.confidence = confidence;
    this.order = order;
    for (int i = 0; i < columns.size(); i++) {
      colors.put(columns.get(i).label(), SvgCharts.color(i));
      colors.putIfAbsent(columns.get(i).setting(), SvgCharts.color(i));
    }
  }

  /** Final F1 bars of one split: languages x columns, with ± one std. */
  Chart f1Bars(
      String split,
      List<String> allLanguages,
      List<ReportModel.Column> allColumns,
      List<F1Summary> f1) {
    List<F1Summary> inSplit = f1.stream().filter(x -> x.split().equals(split)).toList();
    List<String> languages =
        allLanguages.stream()
            .filter(l -> inSplit.stream().anyMatch(x -> x.lang().equals(l)))
            .toList();
    List<ReportModel.Column> columns =
        allColumns.stream()
            .filter(
                c ->
                    inSplit.stream()
                        .anyMatch(
                            x -> x.setting().equals(c.setting()) && x.method().equals(c.method())))
            .toList();
    int g = languages.size();
    int s = columns.size();
    double[][] value = nanMatrix(g, s);
    double[][] low = nanMatrix(g, s);
    double[][] high = nanMatrix(g, s);
    for (F1Summary summary : f1) {
      if (!summary.split().equals(split)) {
        continue;
      }
      int gi = languages.indexOf(summary.lang());
      int si = columns.indexOf(new ReportModel.Column(summary.setting(), summary.method()));
      double mean = 100 * summary.stats().mean();
      value[gi][si] = mean;
      if (!Double.isNaN(summary.stats().std())) {
        low[gi][si] = mean - 100 * summary.stats().std();
        high[gi][si] = mean + 100 * summary.stats().std();
      }
    }
    List<String> series = columns.stream().map(ReportModel.Column::label).toList();
    return new Chart.BarChart(
        "Final " + split + " F1 per target language and setting (mean ± std over seeds)",
        split + " F1 (×100)",
        languages,
        series,
        value,
        low,
        high,
        colors(series));
  }

  /** Gain bars of one split with their intervals; null when the split has no gain. */
  Chart gainBars(
      String split, List<String> languages, List<ReportModel.Column> columns, List<Gain> gains) {
    List<ReportModel.Column> gainColumns = new ArrayList<>();
    for (ReportModel.Column c : columns) {
      if (gains.stream()
          .anyMatch(
              x ->
                  x.split().equals(split)
                      && x.setting().equals(c.setting())
                      && x.method().equals(c.method()))) {
        gainColumns.add(c);
      }
    }
    if (gainColumns.isEmpty()) {
      return null;
    }
    List<String> groups = new ArrayList<>();
    for (String lang : languages) {
      if (gains.stream().anyMatch(x -> x.split().equals(split) && x.lang().equals(lang))) {
        groups.add(lang);
      }
    }
    groups.add(Gain.ALL);
    double[][] value = nanMatrix(groups.size(), gainColumns.size());
    double[][] low = nanMatrix(groups.size(), gainColumns.size());
    double[][] high = nanMatrix(groups.size(), gainColumns.size());
    for (Gain gain : gains) {
      if (!gain.split().equals(split)) {
        continue;
      }
      int gi = groups.indexOf(gain.lang());
      int si = gainColumns.indexOf(new ReportModel.Column(gain.setting(), gain.method()));
      value[gi][si] = 100 * gain.difference().stats().mean();
      low[gi][si] = 100 * gain.difference().low();
      high[gi][si] = 100 * gain.difference().high();
    }
    List<String> series = gainColumns.stream().map(ReportModel.Column::label).toList();
    return new Chart.BarChart(
        String.format(
            Locale.ROOT,
            "Priming gain per target language: %s F1 of each setting − %s (paired by method and"
                + " seed; %.0f%% confidence interval)",
            split,
            baseline,
            100 * confidence),
        "gain in " + split + " F1 (points)",
        groups,
        series,
        value,
        low,
        high,
        colors(series));
  }

  /** The priming query loss and F1 per meta-step, when recorded. */
  void primingCurves(List<Metric> records, List<Chart> charts) {
    for (String name : List.of("loss", "f1")) {
      List<Chart.Line> lines =
          curves(
              records,
              m -> "query".equals(m.getSplit()) && name.equals(m.getName()),
              m -> m.getSetting().isBlank() ? m.getTask() : m.getSetting(),
              name.equals("f1") ? 100 : 1);
      if (!lines.isEmpty()) {
        charts.add(
            new Chart.LineChart(
                "Priming: query "
                    + (name.equals("f1") ? "F1" : "loss")
                    + " per meta-step (mean"
                    + " over the episodes and languages measured at each step)",
                "meta-step",
                name.equals("f1") ? "query F1 (×100)" : "query loss",
                lines,
                colors(lines.stream().map(Chart.Line::name).toList())));
      }
    }
  }

  /** One dev F1 curve chart per fine-tuned language. */
  void finetuneCurves(List<Metric> records, List<Chart> charts) {
    Set<String> langs = new TreeSet<>();
    for (Metric m : records) {
      if (m.getStep() >= 0
          && "dev".equals(m.getSplit())
          && "f1".equals(m.getName())
          && m.getLang() != null) {
        langs.add(m.getLang());
      }
    }
    for (String lang : langs) {
      List<Chart.Line> lines =
          curves(
              records,
              m ->
                  lang.equals(m.getLang())
                      && "dev".equals(m.getSplit())
                      && "f1".equals(m.getName()),
              m -> new ReportModel.Column(m.getSetting(), m.getMethod()).label(),
              100);
      charts.add(
          new Chart.LineChart(
              "Fine-tuning on " + lang + ": dev F1 per step (mean over seeds)",
              "step",
              "dev F1 (×100)",
              lines,
              colors(lines.stream().map(Chart.Line::name).toList())));
    }
  }

  /** The pretraining loss per step, when recorded. */
  void pretrainCurve(List<Metric> records, List<Chart> charts) {
    List<Chart.Line> lines =
        curves(
            records,
            m -> "loss".equals(m.getName()),
            m -> m.getSplit() == null ? "loss" : m.getSplit() + " loss",
            1);
    if (!lines.isEmpty()) {
      charts.add(
          new Chart.LineChart("Pretraining: loss per step", "step", "loss", lines, List.of()));
    }
  }

  /**
   * Lines of the records with {@code step ≥ 0} that {@code keep} accepts, one per {@code lineName},
   * each point the mean of the values at that step (times {@code scale}).
   */
  List<Chart.Line> curves(
      List<Metric> records,
      java.util.function.Predicate<Metric> keep,
      Function<Metric, String> lineName,
      double scale) {
    Map<String, TreeMap<Long, double[]>> sums = new TreeMap<>();
    for (Metric m : records) {
      if (m.getStep() < 0 || !keep.test(m) || Double.isNaN(m.getValue())) {
        continue;
      }
      double[] sum =
          sums.computeIfAbsent(lineName.apply(m), k -> new TreeMap<>())
              .computeIfAbsent(m.getStep(), k -> new double[2]);
      sum[0] += m.getValue();
      sum[1] += 1;
    }
    List<String> names = new ArrayList<>(sums.keySet());
    names.sort(Comparator.comparing(order::lineRank).thenComparing(Function.identity()));
    List<Chart.Line> lines = new ArrayList<>();
    for (String name : names) {
      List<Chart.Point> points = new ArrayList<>();
      sums.get(name)
          .forEach((step, sum) -> points.add(new Chart.Point(step, scale * sum[0] / sum[1])));
      lines.add(new Chart.Line(name, downsample(points, MAX_POINTS)));
    }
    return lines;
  }

  /** Averages consecutive points into at most {@code max} points (x and y alike). */
  static List<Chart.Point> downsample(List<Chart.Point> points, int max) {
    if (points.size() <= max) {
      return points;
    }
    List<Chart.Point> out = new ArrayList<>();
    for (int b = 0; b < max; b++) {
      int from = (int) ((long) b * points.size() / max);
      int to = (int) ((long) (b + 1) * points.size() / max);
      double x = 0;
      double y = 0;
      for (int i = from; i < to; i++) {
        x += points.get(i).x();
        y += points.get(i).y();
      }
      out.add(new Chart.Point(x / (to - from), y / (to - from)));
    }
    return out;
  }

  /**
   * One colour per name: a (setting, method) column keeps its colour in every plot, a setting alone
   * takes its first column's; other names take the next unused palette entries.
   */
  private List<String> colors(List<String> names) {
    List<String> out = new ArrayList<>();
    for (String name : names) {
      out.add(colors.computeIfAbsent(name, n -> SvgCharts.color(colors.size())));
    }
    return out;
  }

  private static double[][] nanMatrix(int rows, int columns) {
    double[][] m = new double[rows][columns];
    for (double[] row : m) {
      Arrays.fill(row, Double.NaN);
    }
    return m;
  }
}

package dev.primer.report;

import dev.primer.schemas.Metric;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

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
 */
public final class ReportBuilder {

  /** The setting of full fine-tuning, never compared with the baseline. */
  public static final String FULL = "full";

  /** The default baseline setting. */
  public static final String UNPRIMED = "unprimed";

  /** Methods in the order tables show them (others follow alphabetically). */
  static final List<String> METHOD_ORDER =
      List.of("full", "adapter-houlsby", "adapter-pfeiffer", "lora", "prefix", "bitfit");

  /** Splits in the order tables show them (others follow alphabetically). */
  static final List<String> SPLIT_ORDER = List.of("dev", "test");

  /** Most points a plotted line keeps (longer ones are averaged in consecutive buckets). */
  static final int MAX_POINTS = 400;

  private final String runId;
  private final String baseline;
  private final double confidence;
  private final List<String> notes = new ArrayList<>();
  private final Map<String, String> colors = new LinkedHashMap<>();

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
    List<F1Summary> f1 = finals(RunMetrics.FINETUNE, metrics.of(RunMetrics.FINETUNE));
    List<F1Summary> evaluation = finals(RunMetrics.EVALUATE, metrics.of(RunMetrics.EVALUATE));
    List<String> splits = ordered(f1.stream().map(F1Summary::split).toList(), SPLIT_ORDER);
    List<String> languages = List.copyOf(new TreeSet<>(f1.stream().map(F1Summary::lang).toList()));
    List<ReportModel.Column> columns = columns(f1);
    List<Gain> gains = gains(f1, splits, languages, columns);
    for (int i = 0; i < columns.size(); i++) {
      colors.put(columns.get(i).label(), SvgCharts.color(i));
      colors.putIfAbsent(columns.get(i).setting(), SvgCharts.color(i));
    }

    List<Chart> charts = new ArrayList<>();
    for (String split : splits) {
      charts.add(f1Bars(split, languages, columns, f1));
    }
    for (String split : splits) {
      Chart bars = gainBars(split, languages, columns, gains);
      if (bars != null) {
        charts.add(bars);
      }
    }
    primingCurves(metrics.of(RunMetrics.PRIME), charts);
    finetuneCurves(metrics.of(RunMetrics.FINETUNE), charts);
    pretrainCurve(metrics.of(RunMetrics.PRETRAIN), charts);
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

  // ---------------------------------------------------------------- final F1

  private List<F1Summary> finals(String stage, List<Metric> records) {
    record Key(String split, String lang, String setting, String method) {}
    Map<Key, TreeMap<Long, Metric>> byKey = new LinkedHashMap<>();
    int duplicates = 0;
    for (Metric m : records) {
      if (m.getStep() != -1
          || !"f1".equals(m.getName())
          || m.getLang() == null
          || m.getSplit() == null) {
        continue;
      }
      Key key = new Key(splitLabel(m), m.getLang(), m.getSetting(), m.getMethod());
      TreeMap<Long, Metric> seeds = byKey.computeIfAbsent(key, k -> new TreeMap<>());
      Metric earlier = seeds.get(m.getSeed());
      if (earlier != null) {
        duplicates++;
        if (earlier.getTimeMillis() > m.getTimeMillis()) {
          continue;
        }
      }
      seeds.put(m.getSeed(), m);
    }
    if (duplicates > 0) {
      notes.add(
          stage
              + ": "
              + duplicates
              + " final F1 values were reported more than once for the same task; the most"
              + " recent of each counts.");
    }
    List<F1Summary> out = new ArrayList<>();
    byKey.forEach(
        (key, seeds) -> {
          List<Double> values = seeds.values().stream().map(Metric::getValue).toList();
          out.add(
              new F1Summary(
                  key.split(),
                  key.lang(),
                  key.setting(),
                  key.method(),
                  List.copyOf(seeds.keySet()),
                  values,
                  SampleStats.of(values)));
        });
    out.sort(
        Comparator.comparing((F1Summary s) -> rank(s.split(), SPLIT_ORDER))
            .thenComparing(F1Summary::split)
            .thenComparing(F1Summary::lang)
            .thenComparing(s -> settingRank(s.setting()))
            .thenComparing(F1Summary::setting)
            .thenComparing(s -> rank(s.method(), METHOD_ORDER))
            .thenComparing(F1Summary::method));
    return out;
  }

  /**
   * The split as the report shows it: {@code <corpus>/<split>} for an evaluation of another corpus
   * than the run's own (its task is {@code <model>@<corpus>}), so that two corpora scored on a
   * split of the same name stay apart.
   */
  static String splitLabel(Metric m) {
    int at = m.getTask().lastIndexOf('@');
    return at < 0 ? m.getSplit() : m.getTask().substring(at + 1) + "/" + m.getSplit();
  }

  private List<ReportModel.Column> columns(List<F1Summary> f1) {
    Set<ReportModel.Column> columns =
        new TreeSet<>(
            Comparator.comparing((ReportModel.Column c) -> settingRank(c.setting()))
                .thenComparing(ReportModel.Column::setting)
                .thenComparing(c -> rank(c.method(), METHOD_ORDER))
                .thenComparing(ReportModel.Column::method));
    for (F1Summary s : f1) {
      columns.add(new ReportModel.Column(s.setting(), s.method()));
    }
    return List.copyOf(columns);
  }

  // ---------------------------------------------------------------- gains

  private List<Gain> gains(
      List<F1Summary> f1,
      List<String> splits,
      List<String> languages,
      List<ReportModel.Column> columns) {
    List<Gain> gains = new ArrayList<>();
    Map<String, F1Summary> index = new LinkedHashMap<>();
    for (F1Summary s : f1) {
      index.put(cell(s.split(), s.lang(), s.setting(), s.method()), s);
    }
    for (String split : splits) {
      for (ReportModel.Column column : columns) {
        if (column.setting().equals(FULL) || column.setting().equals(baseline)) {
          continue;
        }
        List<String> pooledPairs = new ArrayList<>();
        List<Double> pooled = new ArrayList<>();
        for (String lang : languages) {
          F1Summary compared = index.get(cell(split, lang, column.setting(), column.method()));
          if (compared == null) {
            continue;
          }
          F1Summary base = index.get(cell(split, lang, baseline, column.method()));
          if (base == null) {
            notes.add(
                String.format(
                    Locale.ROOT,
                    "%s %s %s: no %s result with the same method; no gain computed.",
                    split,
                    lang,
                    column.label(),
                    baseline));
            continue;
          }
          List<String> pairs = new ArrayList<>();
          List<Double> differences = new ArrayList<>();
          for (int i = 0; i < compared.seeds().size(); i++) {
            long seed = compared.seeds().get(i);
            Double b = base.value(seed);
            if (b != null) {
              pairs.add("seed=" + seed);
              differences.add(compared.values().get(i) - b);
              pooledPairs.add(lang + "/seed=" + seed);
              pooled.add(compared.values().get(i) - b);
            }
          }
          if (differences.isEmpty()) {
            notes.add(
                String.format(
                    Locale.ROOT,
                    "%s %s %s: no seed in common with %s; no gain computed.",
                    split,
                    lang,
                    column.label(),
                    baseline));
            continue;
          }
          gains.add(
              new Gain(
                  split,
                  lang,
                  column.setting(),
                  column.method(),
                  baseline,
                  pairs,
                  differences,
                  PairedDifference.of(differences, confidence)));
        }
        if (!pooled.isEmpty()) {
          gains.add(
              new Gain(
                  split,
                  Gain.ALL,
                  column.setting(),
                  column.method(),
                  baseline,
                  pooledPairs,
                  pooled,
                  PairedDifference.of(pooled, confidence)));
        }
      }
    }
    return gains;
  }

  private static String cell(String split, String lang, String setting, String method) {
    return split + "\u0000" + lang + "\u0000" + setting + "\u0000" + method;
  }

  // ---------------------------------------------------------------- charts

  private Chart f1Bars(
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

  private Chart gainBars(
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

  private void primingCurves(List<Metric> records, List<Chart> charts) {
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

  private void finetuneCurves(List<Metric> records, List<Chart> charts) {
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

  private void pretrainCurve(List<Metric> records, List<Chart> charts) {
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
    names.sort(Comparator.comparing(this::lineRank).thenComparing(Function.identity()));
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

  // ---------------------------------------------------------------- ordering

  private int settingRank(String setting) {
    if (setting.equals(FULL)) {
      return 0;
    }
    if (setting.equals(baseline)) {
      return 1;
    }
    if (setting.equals("primed")) {
      return 2;
    }
    return 3;
  }

  /** Orders lines by the setting their name starts with, as columns are ordered. */
  private int lineRank(String name) {
    int slash = name.indexOf(" / ");
    return settingRank(slash < 0 ? name : name.substring(0, slash));
  }

  private static int rank(String value, List<String> order) {
    int i = order.indexOf(value);
    return i < 0 ? order.size() : i;
  }

  private static List<String> ordered(List<String> values, List<String> order) {
    Set<String> distinct = new LinkedHashSet<>(values);
    List<String> out = new ArrayList<>(distinct);
    out.sort(Comparator.comparing((String v) -> rank(v, order)).thenComparing(Function.identity()));
    return out;
  }

  private static double[][] nanMatrix(int rows, int columns) {
    double[][] m = new double[rows][columns];
    for (double[] row : m) {
      java.util.Arrays.fill(row, Double.NaN);
    }
    return m;
  }
}

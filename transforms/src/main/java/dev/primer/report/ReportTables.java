package dev.primer.report;

import dev.primer.schemas.Metric;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The report's tables: final F1 per (split, language, setting, method) as mean ± sample std over
 * seeds, and the (setting, method) columns they are shown in. Notes about what was read go to the
 * report's notes.
 */
final class ReportTables {

  private final ReportOrder order;
  private final List<String> notes;

  ReportTables(ReportOrder order, List<String> notes) {
    this.order = order;
    this.notes = notes;
  }

  /**
   * The final F1 of every task in {@code records} ({@code step = -1}, {@code name = f1}, with a
   * language and split), summarised per (split, language, setting, method) over seeds in display
   * order; a task reported twice counts with its most recent record, and a note says so.
   */
  List<F1Summary> finals(String stage, List<Metric> records) {
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
        Comparator.comparing((F1Summary s) -> ReportOrder.rank(s.split(), ReportOrder.SPLIT_ORDER))
            .thenComparing(F1Summary::split)
            .thenComparing(F1Summary::lang)
            .thenComparing(s -> order.settingRank(s.setting()))
            .thenComparing(F1Summary::setting)
            .thenComparing(s -> ReportOrder.rank(s.method(), ReportOrder.METHOD_ORDER))
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

  /** The (setting, method) columns of the tables, in display order. */
  List<ReportModel.Column> columns(List<F1Summary> f1) {
    Set<ReportModel.Column> columns =
        new TreeSet<>(
            Comparator.comparing((ReportModel.Column c) -> order.settingRank(c.setting()))
                .thenComparing(ReportModel.Column::setting)
                .thenComparing(c -> ReportOrder.rank(c.method(), ReportOrder.METHOD_ORDER))
                .thenComparing(ReportModel.Column::method));
    for (F1Summary s : f1) {
      columns.add(new ReportModel.Column(s.setting(), s.method()));
    }
    return List.copyOf(columns);
  }
}

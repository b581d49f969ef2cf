package dev.primer.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's gains: each compared setting's final F1 minus the baseline's, paired by split,
 * language, method and seed, with a Student t confidence interval ({@link PairedDifference}).
 */
final class ReportGains {

  private final String baseline;
  private final double confidence;
  private final List<String> notes;

  ReportGains(String baseline, double confidence, List<String> notes) {
    this.baseline = baseline;
    this.confidence = confidence;
    this.notes = notes;
  }

  /**
   * The paired differences of every setting other than {@code full} and the baseline with the
   * baseline (same split, language, method and seed), per language and pooled over languages; a
   * cell without a baseline result or without a common seed gets a note instead.
   */
  List<Gain> gains(
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
        if (column.setting().equals(ReportBuilder.FULL) || column.setting().equals(baseline)) {
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
}

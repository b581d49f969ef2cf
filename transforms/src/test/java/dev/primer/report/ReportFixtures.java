package dev.primer.report;

import dev.primer.schemas.Metric;
import java.util.ArrayList;
import java.util.List;

/**
 * Metric records with known values. Final dev F1 (seeds 1, 2, 3):
 *
 * <pre>
 *   sw full/full               0.80 0.82 0.84   mean 0.82 std 0.02
 *   sw unprimed/adapter        0.70 0.74 0.78   mean 0.74 std 0.04 (seed 1 also reported earlier as 0.10)
 *   sw primed/adapter          0.73 0.78 0.83   mean 0.78 std 0.05; − unprimed: 0.03 0.04 0.05
 *   sw multitask/adapter       0.69 0.75 (seeds 1, 2)               − unprimed: -0.01 0.01
 *   yo unprimed/adapter        0.50 0.60 0.55   mean 0.55 std 0.05
 *   yo primed/adapter          0.56 0.62 0.58   − unprimed: 0.06 0.02 0.03
 * </pre>
 *
 * Final test F1: sw unprimed 0.70 0.71 0.72, sw primed 0.72 0.74 0.73 (differences 0.02 0.03 0.01).
 * Learning curves: dev F1 at steps 0..4 for sw unprimed; priming query loss at meta-steps 0..9 for
 * sw and yo (step s: sw 3 − 0.1 s, yo 2 − 0.1 s).
 */
final class ReportFixtures {

  static final String HOULSBY = "adapter-houlsby";

  private ReportFixtures() {}

  static Metric metric(
      String stage,
      String setting,
      String method,
      String lang,
      long seed,
      String split,
      long step,
      String name,
      double value,
      long time) {
    return Metric.newBuilder()
        .setRunId("fixture")
        .setStage(stage)
        .setTask(lang + "/" + setting + "/" + method + "/seed=" + seed)
        .setSetting(setting)
        .setMethod(method)
        .setLang(lang)
        .setSeed(seed)
        .setSplit(split)
        .setStep(step)
        .setName(name)
        .setValue(value)
        .setTimeMillis(time)
        .build();
  }

  static Metric finalF1(
      String setting, String method, String lang, long seed, String split, double f1) {
    return metric("finetune", setting, method, lang, seed, split, -1, "f1", f1, 1000 + seed);
  }

  static List<Metric> finetune() {
    List<Metric> m = new ArrayList<>();
    double[][] rows = {
      {0.80, 0.82, 0.84}, {0.70, 0.74, 0.78}, {0.73, 0.78, 0.83},
    };
    String[][] cells = {{"full", "full"}, {"unprimed", HOULSBY}, {"primed", HOULSBY}};
    for (int r = 0; r < rows.length; r++) {
      for (int s = 0; s < 3; s++) {
        m.add(finalF1(cells[r][0], cells[r][1], "sw", s + 1, "dev", rows[r][s]));
      }
    }
    // An earlier report of the same task, superseded by the later one.
    m.add(metric("finetune", "unprimed", HOULSBY, "sw", 1, "dev", -1, "f1", 0.10, 5));
    m.add(finalF1("multitask", HOULSBY, "sw", 1, "dev", 0.69));
    m.add(finalF1("multitask", HOULSBY, "sw", 2, "dev", 0.75));
    double[] yoUnprimed = {0.50, 0.60, 0.55};
    double[] yoPrimed = {0.56, 0.62, 0.58};
    for (int s = 0; s < 3; s++) {
      m.add(finalF1("unprimed", HOULSBY, "yo", s + 1, "dev", yoUnprimed[s]));
      m.add(finalF1("primed", HOULSBY, "yo", s + 1, "dev", yoPrimed[s]));
    }
    double[] swTestUnprimed = {0.70, 0.71, 0.72};
    double[] swTestPrimed = {0.72, 0.74, 0.73};
    for (int s = 0; s < 3; s++) {
      m.add(finalF1("unprimed", HOULSBY, "sw", s + 1, "test", swTestUnprimed[s]));
      m.add(finalF1("primed", HOULSBY, "sw", s + 1, "test", swTestPrimed[s]));
    }
    // Learning curve points and other names: never in the table.
    for (int step = 0; step < 5; step++) {
      for (int s = 1; s <= 3; s++) {
        m.add(
            metric(
                "finetune",
                "unprimed",
                HOULSBY,
                "sw",
                s,
                "dev",
                step * 10,
                "f1",
                0.1 * step + 0.01 * s,
                0));
      }
    }
    m.add(metric("finetune", "unprimed", HOULSBY, "sw", 1, "dev", -1, "precision", 0.99, 0));
    m.add(metric("finetune", "unprimed", HOULSBY, "sw", 1, "train", 3, "loss", 1.5, 0));
    return m;
  }

  static List<Metric> prime() {
    List<Metric> m = new ArrayList<>();
    for (int step = 0; step < 10; step++) {
      m.add(
          metric(
              "prime",
              "primed",
              "adapter-houlsby",
              "sw",
              42,
              "query",
              step,
              "loss",
              3 - 0.1 * step,
              0));
      m.add(
          metric(
              "prime",
              "primed",
              "adapter-houlsby",
              "yo",
              42,
              "query",
              step,
              "loss",
              2 - 0.1 * step,
              0));
    }
    return m;
  }
}

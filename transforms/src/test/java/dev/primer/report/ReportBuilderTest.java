package dev.primer.report;

import static dev.primer.report.ReportFixtures.HOULSBY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.primer.schemas.Metric;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportBuilderTest {

  static final double T_975_2 = 4.3026527297;
  static final double T_975_1 = 12.7062047362;
  static final double T_975_5 = 2.5705818366;

  static ReportModel report() {
    return ReportBuilder.build(
        "fixture",
        RunMetrics.of(
            Map.of(
                RunMetrics.FINETUNE, ReportFixtures.finetune(),
                RunMetrics.PRIME, ReportFixtures.prime())),
        "unprimed",
        0.95);
  }

  static final ReportModel.Column FULL = new ReportModel.Column("full", "full");
  static final ReportModel.Column UNPRIMED = new ReportModel.Column("unprimed", HOULSBY);
  static final ReportModel.Column PRIMED = new ReportModel.Column("primed", HOULSBY);
  static final ReportModel.Column MULTITASK = new ReportModel.Column("multitask", HOULSBY);

  @Test
  void tableHoldsMeanAndSampleStdOverSeeds() {
    ReportModel r = report();
    assertEquals(List.of("dev", "test"), r.splits());
    assertEquals(List.of("sw", "yo"), r.languages());
    assertEquals(List.of(FULL, UNPRIMED, PRIMED, MULTITASK), r.columns());

    assertStats(r.f1("dev", "sw", FULL), List.of(0.80, 0.82, 0.84), 0.82, 0.02);
    assertStats(r.f1("dev", "sw", UNPRIMED), List.of(0.70, 0.74, 0.78), 0.74, 0.04);
    assertStats(r.f1("dev", "sw", PRIMED), List.of(0.73, 0.78, 0.83), 0.78, 0.05);
    assertStats(r.f1("dev", "yo", UNPRIMED), List.of(0.50, 0.60, 0.55), 0.55, 0.05);
    assertStats(r.f1("test", "sw", PRIMED), List.of(0.72, 0.74, 0.73), 0.73, 0.01);
    F1Summary multitask = r.f1("dev", "sw", MULTITASK);
    assertEquals(List.of(1L, 2L), multitask.seeds());
    assertEquals(0.72, multitask.stats().mean(), 1e-12);
    assertEquals(Math.sqrt(0.0018), multitask.stats().std(), 1e-12);
    assertNull(r.f1("dev", "yo", FULL));
    assertNull(r.f1("test", "yo", PRIMED));
    assertEquals(List.of(1L, 2L, 3L), r.f1("dev", "sw", UNPRIMED).seeds());
    assertTrue(
        r.notes().stream()
            .anyMatch(n -> n.contains("1 final F1 values were reported more than once")),
        r.notes().toString());
    assertEquals(
        Map.of("finetune", ReportFixtures.finetune().size(), "prime", 20), r.recordsRead());
  }

  @Test
  void evaluationsOfTwoCorporaOnTheSameSplitStayApart() {
    Metric run =
        ReportFixtures.metric("evaluate", "primed", HOULSBY, "sw", 1, "dev", -1, "f1", 0.7, 1);
    Metric other =
        Metric.newBuilder(
                ReportFixtures.metric(
                    "evaluate", "primed", HOULSBY, "sw", 1, "dev", -1, "f1", 0.4, 2))
            .setTask("sw/primed/" + HOULSBY + "/seed=1@masakhane")
            .build();
    ReportModel r =
        ReportBuilder.build(
            "fixture",
            RunMetrics.of(
                Map.of(
                    RunMetrics.FINETUNE, ReportFixtures.finetune(),
                    RunMetrics.EVALUATE, List.of(run, other))),
            "unprimed",
            0.95);
    assertEquals(2, r.evaluation().size(), r.evaluation().toString());
    Map<String, Double> bySplit = new java.util.HashMap<>();
    r.evaluation().forEach(s -> bySplit.put(s.split(), s.stats().mean()));
    assertEquals(Map.of("dev", 0.7, "masakhane/dev", 0.4), bySplit);
    assertTrue(r.notes().stream().noneMatch(n -> n.startsWith("evaluate")), r.notes().toString());
  }

  @Test
  void gainsArePairedDifferencesWithStudentIntervals() {
    ReportModel r = report();
    // sw primed − unprimed: 0.03 0.04 0.05: mean 0.04, std 0.01.
    assertGain(r.gain("dev", "sw", PRIMED), 3, 0.04, 0.01, T_975_2);
    // yo: 0.06 0.02 0.03: mean 0.11/3, deviations 0.02333, -0.01667, -0.00667.
    double yoMean = 0.11 / 3;
    double yoStd =
        Math.sqrt(
            (Math.pow(0.06 - yoMean, 2) + Math.pow(0.02 - yoMean, 2) + Math.pow(0.03 - yoMean, 2))
                / 2);
    assertGain(r.gain("dev", "yo", PRIMED), 3, yoMean, yoStd, T_975_2);
    assertEquals(0.020817, yoStd, 1e-6);
    // Pooled over sw and yo: six pairs.
    double[] all = {0.03, 0.04, 0.05, 0.06, 0.02, 0.03};
    double mean = 0.23 / 6;
    double ss = 0;
    for (double d : all) {
      ss += (d - mean) * (d - mean);
    }
    Gain pooled = r.gain("dev", Gain.ALL, PRIMED);
    assertGain(pooled, 6, mean, Math.sqrt(ss / 5), T_975_5);
    assertEquals(
        List.of("sw/seed=1", "sw/seed=2", "sw/seed=3", "yo/seed=1", "yo/seed=2", "yo/seed=3"),
        pooled.pairs());
    // multitask: seeds 1 and 2 only: -0.01, 0.01; mean 0, std sqrt(0.0002), t with 1 df.
    Gain multitask = r.gain("dev", "sw", MULTITASK);
    assertGain(multitask, 2, 0.0, Math.sqrt(0.0002), T_975_1);
    assertEquals(List.of("seed=1", "seed=2"), multitask.pairs());
    assertEquals(-0.12706, multitask.difference().low(), 1e-5);
    assertNull(r.gain("dev", "yo", MULTITASK));
    // test split: 0.02 0.03 0.01.
    assertGain(r.gain("test", "sw", PRIMED), 3, 0.02, 0.01, T_975_2);
    // full and the baseline are never compared.
    assertNull(r.gain("dev", "sw", FULL));
    assertNull(r.gain("dev", "sw", UNPRIMED));
    assertEquals(List.of(PRIMED, MULTITASK), r.gainColumns());
  }

  @Test
  void chartsFollowTheConventions() {
    ReportModel r = report();
    List<String> titles = r.charts().stream().map(Chart::title).toList();
    assertEquals(6, titles.size(), titles.toString());
    Chart.BarChart devBars = (Chart.BarChart) r.charts().get(0);
    assertEquals(List.of("sw", "yo"), devBars.groups());
    assertEquals(82.0, devBars.value()[0][0], 1e-9);
    assertEquals(80.0, devBars.low()[0][0], 1e-9);
    assertTrue(Double.isNaN(devBars.value()[1][0]));
    Chart.BarChart gainBars = (Chart.BarChart) r.charts().get(2);
    assertEquals(List.of("sw", "yo", "all"), gainBars.groups());
    assertEquals(4.0, gainBars.value()[0][0], 1e-9);
    assertEquals(100 * (0.04 - T_975_2 * 0.01 / Math.sqrt(3)), gainBars.low()[0][0], 1e-6);
    Chart.LineChart priming = (Chart.LineChart) r.charts().get(4);
    assertTrue(priming.title().startsWith("Priming: query loss"));
    assertEquals(1, priming.lines().size());
    assertEquals("primed", priming.lines().get(0).name());
    assertEquals(10, priming.lines().get(0).points().size());
    assertEquals(new Chart.Point(0, 2.5), priming.lines().get(0).points().get(0));
    assertEquals(1.6, priming.lines().get(0).points().get(9).y(), 1e-12);
    Chart.LineChart finetune = (Chart.LineChart) r.charts().get(5);
    assertTrue(finetune.title().contains("sw"));
    Chart.Line curve = finetune.lines().get(0);
    assertEquals("unprimed / adapter-houlsby", curve.name());
    assertEquals(5, curve.points().size());
    assertEquals(new Chart.Point(40, 100 * (0.4 + 0.02)), curve.points().get(4));
    // A setting keeps its colour in every plot.
    assertEquals(4, devBars.colors().size());
    assertEquals(4, java.util.Set.copyOf(devBars.colors()).size());
    assertEquals(devBars.colors().get(2), gainBars.colors().get(0));
    assertEquals(devBars.colors().get(3), gainBars.colors().get(1));
    assertEquals(devBars.colors().get(2), priming.colors().get(0));
    assertEquals(devBars.colors().get(1), finetune.colors().get(0));
  }

  @Test
  void htmlIsSelfContainedAndShowsTheTableValues() {
    String html = HtmlReport.render(report());
    for (String cell :
        List.of(
            "82.00 ± 2.00",
            "74.00 ± 4.00",
            "78.00 ± 5.00",
            "55.00 ± 5.00",
            "73.00 ± 1.00",
            "+4.00 [+1.52, +6.48]",
            "+0.00 [-12.71, +12.71]",
            "+2.00 [-0.48, +4.48]")) {
      assertTrue(html.contains(cell), "missing " + cell);
    }
    assertEquals(6, html.split("<svg ", -1).length - 1);
    assertTrue(html.contains("<polyline"));
    assertTrue(html.contains("<rect class=\"bar\""));
    assertFalse(html.contains("<script"));
    assertFalse(html.contains("<link"));
    assertFalse(html.contains("src="));
    assertFalse(html.contains("href="));
    assertEquals(6, html.split("http://", -1).length - 1, "only the SVG namespace may name a URL");
  }

  @Test
  void summaryJsonHoldsEveryNumberOfTheTables() throws Exception {
    ReportModel r = report();
    JsonNode json = new ObjectMapper().readTree(SummaryJson.render(r));
    assertEquals(r.f1().size(), json.get("f1").size());
    assertEquals(r.gains().size(), json.get("gains").size());
    for (JsonNode f : json.get("f1")) {
      F1Summary s =
          r.f1(
              f.get("split").asText(),
              f.get("lang").asText(),
              new ReportModel.Column(f.get("setting").asText(), f.get("method").asText()));
      assertNotNull(s);
      assertEquals(s.stats().mean(), f.get("mean").asDouble(), 0);
      assertEquals(s.values().size(), f.get("values").size());
    }
    JsonNode swPrimed = find(json.get("gains"), "dev", "sw", "primed");
    assertEquals(0.04, swPrimed.get("mean").asDouble(), 1e-12);
    assertEquals(0.01, swPrimed.get("std").asDouble(), 1e-12);
    assertEquals(0.04 - T_975_2 * 0.01 / Math.sqrt(3), swPrimed.get("ciLow").asDouble(), 1e-9);
    assertEquals(0.04 + T_975_2 * 0.01 / Math.sqrt(3), swPrimed.get("ciHigh").asDouble(), 1e-9);
    assertEquals(T_975_2, swPrimed.get("t").asDouble(), 1e-7);
    assertEquals(3, swPrimed.get("differences").size());
    assertTrue(json.get("stages").get("pretrain").get("completed").asBoolean() == false);
    assertEquals(20, json.get("stages").get("prime").get("records").asInt());
  }

  @Test
  void aRunWithoutPrimingStillReportsWhatExists() {
    List<dev.primer.schemas.Metric> unprimedOnly =
        ReportFixtures.finetune().stream()
            .filter(m -> !m.getSetting().equals("primed") && !m.getSetting().equals("multitask"))
            .toList();
    ReportModel r =
        ReportBuilder.build(
            "partial", RunMetrics.of(Map.of(RunMetrics.FINETUNE, unprimedOnly)), "unprimed", 0.95);
    assertEquals(List.of(FULL, UNPRIMED), r.columns());
    assertTrue(r.gains().isEmpty());
    assertFalse(r.stages().get(RunMetrics.PRIME));
    assertStats(r.f1("dev", "sw", UNPRIMED), List.of(0.70, 0.74, 0.78), 0.74, 0.04);
    String html = HtmlReport.render(r);
    assertTrue(html.contains("74.00 ± 4.00"));
    assertTrue(html.contains("No primed setting to compare"));
    assertTrue(html.contains("has not run: no priming curve"));
    assertFalse(html.contains("Priming: query loss"));
  }

  @Test
  void oneSeedHasNoStdAndNoInterval() {
    ReportModel r =
        ReportBuilder.build(
            "one",
            RunMetrics.of(
                Map.of(
                    RunMetrics.FINETUNE,
                    List.of(
                        ReportFixtures.finalF1("unprimed", "lora", "sw", 7, "dev", 0.5),
                        ReportFixtures.finalF1("primed", "lora", "sw", 7, "dev", 0.6)))),
            "unprimed",
            0.95);
    ReportModel.Column primed = new ReportModel.Column("primed", "lora");
    assertTrue(Double.isNaN(r.f1("dev", "sw", primed).stats().std()));
    Gain g = r.gain("dev", "sw", primed);
    assertEquals(0.1, g.difference().stats().mean(), 1e-12);
    assertTrue(Double.isNaN(g.difference().low()));
    String html = HtmlReport.render(r);
    assertTrue(html.contains("<td>60.00 <span class=\"n\">(n=1)</span></td>"), html);
    assertTrue(html.contains("+10.00 <span class=\"n\">(n=1)</span>"), html);
    assertTrue(SummaryJson.render(r).contains("\"ciLow\" : null"));
  }

  private static JsonNode find(JsonNode array, String split, String lang, String setting) {
    for (JsonNode n : array) {
      if (n.get("split").asText().equals(split)
          && n.get("lang").asText().equals(lang)
          && n.get("setting").asText().equals(setting)) {
        return n;
      }
    }
    throw new AssertionError("no " + split + "/" + lang + "/" + setting);
  }

  private static void assertStats(F1Summary s, List<Double> values, double mean, double std) {
    assertNotNull(s);
    assertEquals(values, s.values());
    assertEquals(values.size(), s.stats().n());
    assertEquals(mean, s.stats().mean(), 1e-12);
    assertEquals(std, s.stats().std(), 1e-12);
  }

  private static void assertGain(Gain g, int n, double mean, double std, double t) {
    assertNotNull(g);
    PairedDifference d = g.difference();
    assertEquals(n, d.stats().n());
    assertEquals(mean, d.stats().mean(), 1e-12);
    assertEquals(std, d.stats().std(), 1e-12);
    assertEquals(t, d.t(), 1e-7);
    double half = t * std / Math.sqrt(n);
    assertEquals(mean - half, d.low(), 1e-9);
    assertEquals(mean + half, d.high(), 1e-9);
  }
}

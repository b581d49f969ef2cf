package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.primer.io.Manifest;
import dev.primer.schemas.Metric;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code report} stage through the launcher, over metric files with known values. */
class ReportStageTest {

  @TempDir Path temp;

  private String out;
  private String err;

  private int primer(String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int status =
        new Primer(
                StageRegistry.standard(),
                new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8))
            .execute(args);
    out = o.toString(StandardCharsets.UTF_8);
    err = e.toString(StandardCharsets.UTF_8);
    return status;
  }

  private int report(String... more) {
    List<String> args =
        new ArrayList<>(List.of("report", "--runRoot=" + temp.resolve("runs"), "--runId=r"));
    args.addAll(List.of(more));
    return primer(args.toArray(String[]::new));
  }

  private Path run() {
    return temp.resolve("runs/r");
  }

  static Metric metric(
      String stage,
      String setting,
      String method,
      String lang,
      long seed,
      String split,
      long step,
      String name,
      double value) {
    return Metric.newBuilder()
        .setRunId("r")
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
        .setTimeMillis(1)
        .build();
  }

  /** Final dev F1: sw full .80 .82 .84; sw unprimed .70 .74 .78; sw primed .73 .78 .83. */
  static List<Metric> finetune(boolean primed) {
    List<Metric> m = new ArrayList<>();
    double[] full = {0.80, 0.82, 0.84};
    double[] unprimed = {0.70, 0.74, 0.78};
    double[] prim = {0.73, 0.78, 0.83};
    for (int s = 0; s < 3; s++) {
      m.add(metric("finetune", "full", "full", "sw", s + 1, "dev", -1, "f1", full[s]));
      m.add(metric("finetune", "unprimed", "lora", "sw", s + 1, "dev", -1, "f1", unprimed[s]));
      if (primed) {
        m.add(metric("finetune", "primed", "lora", "sw", s + 1, "dev", -1, "f1", prim[s]));
      }
      for (int step = 0; step < 3; step++) {
        m.add(
            metric("finetune", "unprimed", "lora", "sw", s + 1, "dev", step * 5, "f1", 0.2 * step));
      }
    }
    return m;
  }

  private void completeStage(String stage, List<Metric> metrics) throws Exception {
    Path dir = run().resolve(stage);
    Files.createDirectories(dir.resolve("metrics"));
    if (metrics != null) {
      try (OutputStream o = Files.newOutputStream(dir.resolve("metrics/part-00000-of-00001.avro"));
          DataFileWriter<Metric> writer =
              new DataFileWriter<>(new SpecificDatumWriter<>(Metric.class))) {
        writer.create(Metric.getClassSchema(), o);
        for (Metric m : metrics) {
          writer.append(m);
        }
      }
    }
    Files.writeString(
        dir.resolve("_MANIFEST.json"),
        "{\"stage\": \""
            + stage
            + "\", \"cacheKey\": \"key-"
            + stage
            + "-"
            + (metrics == null ? 0 : metrics.size())
            + "\"}");
  }

  private long manifests() throws Exception {
    if (!Files.exists(temp.resolve("runs"))) {
      return 0;
    }
    try (var files = Files.walk(temp.resolve("runs"))) {
      return files.filter(f -> f.getFileName().toString().equals("_MANIFEST.json")).count();
    }
  }

  @Test
  void withoutFinetuneTheReportSaysWhatToRun() throws Exception {
    assertEquals(2, report(), err);
    assertTrue(err.contains("needs the output of stage 'finetune'"), err);
    assertTrue(err.contains("./primer finetune"), err);
    assertEquals(0, manifests());
  }

  @Test
  void finetuneWithoutMetricsIsAnError() throws Exception {
    completeStage("finetune", null);
    assertEquals(2, report(), err);
    assertTrue(err.contains("left no metrics"), err);
    assertFalse(Files.exists(run().resolve("report/_MANIFEST.json")));
  }

  @Test
  void badConfidenceLevelIsAnError() throws Exception {
    completeStage("finetune", finetune(false));
    assertEquals(2, report("--confidenceLevel=95"), err);
    assertTrue(err.contains("--confidenceLevel"), err);
  }

  @Test
  void aRunWithoutPrimingReportsWhatExists() throws Exception {
    completeStage("finetune", finetune(false));
    assertEquals(0, report(), err);
    String html = Files.readString(RunFiles.committed(run(), "report/report.html"));
    assertTrue(html.contains("74.00 ± 4.00"), html);
    assertTrue(html.contains("82.00 ± 2.00"), html);
    assertTrue(html.contains("has not run: no priming curve"));
    assertTrue(html.contains("No primed setting to compare"));
    JsonNode summary =
        Manifest.mapper()
            .readTree(Files.readString(RunFiles.committed(run(), "report/summary.json")));
    assertFalse(summary.get("stages").get("prime").get("completed").asBoolean());
    assertEquals(2, summary.get("f1").size());
    assertEquals(0, summary.get("gains").size());
    Manifest manifest = Manifest.fromJson(Files.readString(run().resolve("report/_MANIFEST.json")));
    assertEquals(List.of("finetune"), List.copyOf(manifest.upstream.keySet()));
    assertEquals("report.html", manifest.outputs.get("html"));
    assertTrue(out.contains("report: complete"), out);
  }

  @Test
  void theReportsNumbersAreTheMetricsItRead() throws Exception {
    completeStage(
        "pretrain", List.of(metric("pretrain", "mlm", "full", null, 1, "train", 0, "loss", 9.0)));
    List<Metric> prime = new ArrayList<>();
    for (int step = 0; step < 4; step++) {
      prime.add(
          metric("prime", "primed", "lora", "de", 42, "query", step, "loss", 2.0 - 0.25 * step));
    }
    completeStage("prime", prime);
    completeStage("finetune", finetune(true));
    assertEquals(0, report(), err);

    JsonNode summary =
        Manifest.mapper()
            .readTree(Files.readString(RunFiles.committed(run(), "report/summary.json")));
    JsonNode gain = null;
    for (JsonNode g : summary.get("gains")) {
      if (g.get("lang").asText().equals("sw")) {
        gain = g;
      }
    }
    // primed − unprimed: 0.03 0.04 0.05 → mean 0.04, std 0.01, t(0.975, 2) = 4.303.
    double half = 4.3026527297 * 0.01 / Math.sqrt(3);
    assertEquals(0.04, gain.get("mean").asDouble(), 1e-12);
    assertEquals(0.01, gain.get("std").asDouble(), 1e-12);
    assertEquals(0.04 - half, gain.get("ciLow").asDouble(), 1e-9);
    assertEquals(0.04 + half, gain.get("ciHigh").asDouble(), 1e-9);
    for (JsonNode f : summary.get("f1")) {
      if (f.get("setting").asText().equals("primed")) {
        assertEquals(0.78, f.get("mean").asDouble(), 1e-12);
        assertEquals(0.05, f.get("std").asDouble(), 1e-12);
      }
    }
    assertEquals(4, summary.get("stages").get("prime").get("records").asInt());

    String html = Files.readString(RunFiles.committed(run(), "report/report.html"));
    assertTrue(html.contains("78.00 ± 5.00"));
    assertTrue(html.contains("+4.00 [+1.52, +6.48]"));
    assertTrue(html.contains("Priming: query loss"));
    assertTrue(html.contains("Pretraining: loss per step"));
    // dev F1 bars, gain bars, priming loss, fine-tuning curve, pretraining loss.
    assertEquals(5, html.split("<svg ", -1).length - 1);
    assertFalse(html.contains("<script"));

    Manifest manifest = Manifest.fromJson(Files.readString(run().resolve("report/_MANIFEST.json")));
    assertEquals(List.of("finetune", "pretrain", "prime"), List.copyOf(manifest.upstream.keySet()));
    assertEquals(4, manifest.counts.get("metricRecords").get("prime").asInt());
    assertEquals(2, manifest.counts.get("gains").asInt());
  }

  @Test
  void aStageCompletedLaterMakesTheReportStale() throws Exception {
    completeStage("finetune", finetune(false));
    assertEquals(0, report(), err);
    assertEquals(0, report(), err);
    assertTrue(out.contains("report: up to date"), out);
    completeStage(
        "prime", List.of(metric("prime", "primed", "lora", "de", 1, "query", 0, "loss", 1.0)));
    assertEquals(0, report(), err);
    assertTrue(out.contains("report: complete"), out);
    assertTrue(
        Files.readString(RunFiles.committed(run(), "report/report.html"))
            .contains("Priming: query loss"));
  }
}

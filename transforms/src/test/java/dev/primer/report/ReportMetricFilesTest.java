package dev.primer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.primer.io.ResourceIO;
import dev.primer.io.RunLayout;
import dev.primer.schemas.Metric;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading metric files of completed stages through FileSystems and writing the report. */
class ReportMetricFilesTest {

  @TempDir Path tmp;

  static void writeMetrics(Path file, List<Metric> records) throws Exception {
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file);
        DataFileWriter<Metric> writer =
            new DataFileWriter<>(new SpecificDatumWriter<>(Metric.class))) {
      writer.create(Metric.getClassSchema(), out);
      for (Metric m : records) {
        writer.append(m);
      }
    }
  }

  @Test
  void readsCompletedStagesOnlyAndWritesBothFiles() throws Exception {
    Path run = tmp.resolve("runs/r1");
    List<Metric> finetune = ReportFixtures.finetune();
    int half = finetune.size() / 2;
    writeMetrics(
        run.resolve("finetune/metrics/part-00000-of-00002.avro"), finetune.subList(0, half));
    writeMetrics(
        run.resolve("finetune/metrics/part-00001-of-00002.avro"),
        finetune.subList(half, finetune.size()));
    Files.writeString(run.resolve("finetune/_MANIFEST.json"), "{}");
    // prime wrote metrics but never completed: ignored.
    writeMetrics(run.resolve("prime/metrics/part-00000-of-00001.avro"), ReportFixtures.prime());

    RunLayout layout = new RunLayout(tmp.resolve("runs").toString(), "r1");
    RunMetrics metrics = RunMetrics.read(layout);
    assertEquals(List.of("finetune"), metrics.stages());
    assertEquals(finetune.size(), metrics.of("finetune").size());
    assertEquals(finetune, metrics.of("finetune"));
    assertFalse(metrics.has("prime"));

    ReportModel report =
        RunReport.write(
            layout, ResourceIO.directory(run.resolve("report").toString()), "unprimed", 0.95);
    assertEquals(
        3,
        report.gains().stream()
            .filter(g -> g.split().equals("dev") && g.setting().equals("primed"))
            .count());
    String html = Files.readString(run.resolve("report/report.html"));
    assertTrue(html.contains("+4.00 [+1.52, +6.48]"));
    assertTrue(html.contains("has not run: no priming curve"));
    JsonNode summary =
        new ObjectMapper().readTree(Files.readString(run.resolve("report/summary.json")));
    assertEquals("r1", summary.get("runId").asText());
    assertFalse(summary.get("stages").get("prime").get("completed").asBoolean());
    try (var files = Files.list(run.resolve("report"))) {
      assertEquals(2, files.count(), "no temporary file left behind");
    }

    Files.writeString(run.resolve("prime/_MANIFEST.json"), "{}");
    assertEquals(20, RunMetrics.read(layout).of("prime").size());
  }
}

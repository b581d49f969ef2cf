package dev.primer.report;

import dev.primer.io.ResourceIO;
import dev.primer.io.RunLayout;
import dev.primer.io.StageArtifacts;
import java.io.IOException;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Reads a run's metrics, builds its report and writes {@code report.html} and {@code summary.json}
 * (each atomically) into a directory, through Beam FileSystems.
 */
public final class RunReport {

  private RunReport() {}

  /** Builds the report of {@code layout}'s run and writes it into {@code directory}. */
  public static ReportModel write(
      RunLayout layout, ResourceId directory, String baseline, double confidence)
      throws IOException {
    ReportModel report =
        ReportBuilder.build(layout.runId(), RunMetrics.read(layout), baseline, confidence);
    write(report, directory);
    return report;
  }

  /** Writes a built report into {@code directory}. */
  public static void write(ReportModel report, ResourceId directory) throws IOException {
    ResourceIO.writeStringAtomically(
        ResourceIO.child(directory, StageArtifacts.REPORT_SUMMARY), SummaryJson.render(report));
    ResourceIO.writeStringAtomically(
        ResourceIO.child(directory, StageArtifacts.REPORT_HTML), HtmlReport.render(report));
  }
}

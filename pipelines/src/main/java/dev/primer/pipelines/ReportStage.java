package dev.primer.pipelines;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.primer.OptionChecks;
import dev.primer.UserError;
import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import dev.primer.io.StageArtifacts;
import dev.primer.report.ReportModel;
import dev.primer.report.RunMetrics;
import dev.primer.report.RunReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code report}: the run's metrics → {@code report.html} (tables and inline SVG plots, one
 * self-contained file) and {@code summary.json}. Needs {@code finetune}; shows pretraining, priming
 * and evaluation too when those stages completed. Reads the metrics through Beam FileSystems and
 * aggregates them on the driver (they are small): no pipeline.
 */
final class ReportStage extends NamedStage<ReportOptions, Stage.Checked> {

  private static final Logger LOG = LoggerFactory.getLogger(ReportStage.class);

  ReportStage() {
    super(
        StageArtifacts.REPORT,
        "metrics of the run -> report.html (F1 table, priming gain with CI, plots) and"
            + " summary.json",
        ReportOptions.class);
  }

  @Override
  public Stage.Checked plan(ReportOptions options, StageContext context) throws Exception {
    OptionChecks.openUnit("--confidenceLevel", options.getConfidenceLevel());
    if (options.getBaselineSetting().isBlank()) {
      throw new UserError("--baselineSetting must name a setting, e.g. unprimed");
    }
    context.requireUpstream(RunMetrics.FINETUNE);
    for (String stage : RunMetrics.STAGES) {
      if (!stage.equals(RunMetrics.FINETUNE)
          && ResourceIO.exists(context.layout().manifest(stage))) {
        context.requireUpstream(stage);
      }
    }
    String finetuneMetrics = RunMetrics.metricsGlob(context.upstream(RunMetrics.FINETUNE));
    if (ResourceIO.list(finetuneMetrics).isEmpty()) {
      throw new UserError(
          "stage 'finetune' completed but left no metrics: nothing matches "
              + finetuneMetrics
              + "; rerun it with --force=true");
    }
    return Stage.Checked.OK;
  }

  @Override
  public void run(ReportOptions options, Stage.Checked plan, StageContext context)
      throws Exception {
    ReportModel report =
        RunReport.write(
            context.layout(),
            context.outputDirectory(),
            options.getBaselineSetting().trim(),
            options.getConfidenceLevel());
    ObjectNode counts = context.manifest().counts;
    counts.set("metricRecords", Manifest.toTree(report.recordsRead()));
    counts.set("languages", Manifest.toTree(report.languages()));
    counts.set(
        "columns",
        Manifest.toTree(report.columns().stream().map(ReportModel.Column::label).toList()));
    counts.put("f1Cells", report.f1().size());
    counts.put("gains", report.gains().size());
    counts.put("charts", report.charts().size());
    counts.put("notes", report.notes().size());
    context.manifest().outputs.put("html", StageArtifacts.REPORT_HTML);
    context.manifest().outputs.put("summary", StageArtifacts.REPORT_SUMMARY);
    LOG.info("report: {}", context.output(StageArtifacts.REPORT_HTML));
  }
}

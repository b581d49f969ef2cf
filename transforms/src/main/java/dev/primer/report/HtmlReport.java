package dev.primer.report;

import static dev.primer.report.SvgCharts.escape;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link ReportModel} as one self-contained HTML page: inline CSS, inline SVG plots, no
 * script and no external resource, so that it opens offline and can be mailed as a single file.
 */
public final class HtmlReport {

  private static final String STYLE =
      """
      body { font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; margin: 2em;
             color: #222; max-width: 1200px; }
      h1 { font-size: 1.5em; } h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ddd; }
      h3 { font-size: 1.05em; }
      table { border-collapse: collapse; margin: 0.5em 0 0.3em; font-size: 0.92em; }
      th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: right; white-space: nowrap; }
      th { background: #f4f4f4; } tbody th { text-align: left; }
      td.pos { background: #e6f4e6; } td.neg { background: #f8e4e4; }
      .n { color: #888; font-size: 0.85em; } .caption, .meta { color: #555; font-size: 0.9em; }
      figure { margin: 1.2em 0; } figcaption { font-size: 0.9em; color: #444; }
      code { background: #f4f4f4; padding: 0 0.2em; }
      """;

  private HtmlReport() {}

  /** The page. */
  public static String render(ReportModel report) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>primer report: run ")
        .append(escape(report.runId()))
        .append("</title>\n<style>\n")
        .append(STYLE)
        .append("</style>\n</head>\n<body>\n");
    html.append("<h1>primer report: run <code>")
        .append(escape(report.runId()))
        .append("</code></h1>\n");
    stages(html, report);
    f1Tables(html, report);
    gainTables(html, report);
    plots(html, report);
    evaluation(html, report);
    notes(html, report);
    html.append("</body>\n</html>\n");
    return html.toString();
  }

  private static void stages(StringBuilder html, ReportModel report) {
    html.append("<p class=\"meta\">Metrics read from the completed stages: ");
    boolean first = true;
    for (Map.Entry<String, Boolean> stage : report.stages().entrySet()) {
      if (!first) {
        html.append("; ");
      }
      first = false;
      html.append("<code>").append(escape(stage.getKey())).append("</code> ");
      if (stage.getValue()) {
        html.append(report.recordsRead().get(stage.getKey())).append(" records");
      } else {
        html.append("not run");
      }
    }
    html.append(".</p>\n");
  }

  private static void f1Tables(StringBuilder html, ReportModel report) {
    html.append("<h2>Final F1 per target language and setting</h2>\n");
    if (report.f1().isEmpty()) {
      html.append("<p>No final fine-tuning F1 in this run.</p>\n");
      return;
    }
    for (String split : report.splits()) {
      html.append("<h3>")
          .append(escape(split))
          .append(" split</h3>\n<table class=\"f1\" data-split=\"")
          .append(escape(split))
          .append("\">\n<thead><tr><th>language</th>");
      List<ReportModel.Column> columns =
          report.columns().stream()
              .filter(
                  c -> report.languages().stream().anyMatch(l -> report.f1(split, l, c) != null))
              .toList();
      List<String> languages =
          report.languages().stream()
              .filter(l -> columns.stream().anyMatch(c -> report.f1(split, l, c) != null))
              .toList();
      for (ReportModel.Column column : columns) {
        html.append("<th>").append(escape(column.label())).append("</th>");
      }
      html.append("</tr></thead>\n<tbody>\n");
      for (String lang : languages) {
        html.append("<tr><th>").append(escape(lang)).append("</th>");
        for (ReportModel.Column column : columns) {
          F1Summary s = report.f1(split, lang, column);
          if (s == null) {
            html.append("<td>–</td>");
          } else {
            html.append("<td>")
                .append(ReportFormat.meanStd(s.stats()))
                .append(" <span class=\"n\">(n=")
                .append(s.stats().n())
                .append(")</span></td>");
          }
        }
        html.append("</tr>\n");
      }
      html.append("</tbody>\n</table>\n");
    }
    html.append(
            "<p class=\"caption\">F1 × 100 (entity-level, seqeval), mean ± sample standard deviation"
                + " over seeds; n is the number of seeds. Columns are setting / method: <code>full"
                + "</code> fine-tunes the whole unprimed model, <code>")
        .append(escape(report.baseline()))
        .append(
            "</code> trains the method's parameters on the unprimed base, every other setting"
                + " on the base primed that way.</p>\n");
  }

  private static void gainTables(StringBuilder html, ReportModel report) {
    html.append("<h2>Priming gain</h2>\n");
    if (report.gainColumns().isEmpty()) {
      html.append("<p>No primed setting to compare with <code>")
          .append(escape(report.baseline()))
          .append("</code> in this run.</p>\n");
      return;
    }
    for (String split : report.splits()) {
      List<Gain> gains = report.gains().stream().filter(g -> g.split().equals(split)).toList();
      if (gains.isEmpty()) {
        continue;
      }
      List<ReportModel.Column> columns =
          report.gainColumns().stream()
              .filter(
                  c ->
                      gains.stream()
                          .anyMatch(
                              g ->
                                  g.setting().equals(c.setting()) && g.method().equals(c.method())))
              .toList();
      html.append("<h3>")
          .append(escape(split))
          .append(" split</h3>\n<table class=\"gain\" data-split=\"")
          .append(escape(split))
          .append("\">\n<thead><tr><th>language</th>");
      for (ReportModel.Column column : columns) {
        html.append("<th>")
            .append(escape(column.label()))
            .append(" − ")
            .append(escape(report.baseline()))
            .append("</th>");
      }
      html.append("</tr></thead>\n<tbody>\n");
      List<String> rows = new java.util.ArrayList<>();
      for (String lang : report.languages()) {
        if (gains.stream().anyMatch(g -> g.lang().equals(lang))) {
          rows.add(lang);
        }
      }
      rows.add(Gain.ALL);
      for (String lang : rows) {
        html.append("<tr><th>")
            .append(lang.equals(Gain.ALL) ? "all (pooled)" : escape(lang))
            .append("</th>");
        for (ReportModel.Column column : columns) {
          Gain g = report.gain(split, lang, column);
          if (g == null) {
            html.append("<td>–</td>");
            continue;
          }
          PairedDifference d = g.difference();
          String css = d.low() > 0 ? " class=\"pos\"" : d.high() < 0 ? " class=\"neg\"" : "";
          html.append("<td")
              .append(css)
              .append(">")
              .append(ReportFormat.gain(d))
              .append(" <span class=\"n\">(n=")
              .append(d.stats().n())
              .append(")</span></td>");
        }
        html.append("</tr>\n");
      }
      html.append("</tbody>\n</table>\n");
    }
    html.append("<p class=\"caption\">")
        .append(
            String.format(
                Locale.ROOT,
                "Mean paired difference of F1 (points) between the setting and <code>%s</code>"
                    + " with the same language, method and seed, and its %.0f%% confidence"
                    + " interval (Student t with n − 1 degrees of freedom, sample standard"
                    + " deviation); n is the number of pairs. <em>all</em> pools the pairs of every"
                    + " language. Green: the interval lies above zero; red: below.",
                escape(report.baseline()),
                100 * report.confidence()))
        .append("</p>\n");
  }

  private static void plots(StringBuilder html, ReportModel report) {
    html.append("<h2>Plots</h2>\n");
    if (report.charts().isEmpty()) {
      html.append("<p>Nothing to plot.</p>\n");
    }
    if (!report.stages().getOrDefault(RunMetrics.PRIME, false)) {
      html.append(
          "<p class=\"meta\">The <code>prime</code> stage has not run: no priming curve.</p>\n");
    }
    for (Chart chart : report.charts()) {
      html.append("<figure>\n")
          .append(SvgCharts.render(chart))
          .append("\n<figcaption>")
          .append(escape(chart.title()))
          .append("</figcaption>\n</figure>\n");
    }
  }

  private static void evaluation(StringBuilder html, ReportModel report) {
    if (!report.stages().getOrDefault(RunMetrics.EVALUATE, false)) {
      return;
    }
    html.append("<h2>Evaluation (<code>evaluate</code> stage)</h2>\n");
    if (report.evaluation().isEmpty()) {
      html.append("<p>The evaluate stage reported no final F1.</p>\n");
      return;
    }
    html.append(
        "<table class=\"evaluation\">\n<thead><tr><th>split</th><th>language</th><th>setting</th>"
            + "<th>method</th><th>F1</th></tr></thead>\n<tbody>\n");
    for (F1Summary s : report.evaluation()) {
      html.append("<tr><td>")
          .append(escape(s.split()))
          .append("</td><td>")
          .append(escape(s.lang()))
          .append("</td><td>")
          .append(escape(s.setting()))
          .append("</td><td>")
          .append(escape(s.method()))
          .append("</td><td>")
          .append(ReportFormat.meanStd(s.stats()))
          .append(" <span class=\"n\">(n=")
          .append(s.stats().n())
          .append(")</span></td></tr>\n");
    }
    html.append("</tbody>\n</table>\n");
  }

  private static void notes(StringBuilder html, ReportModel report) {
    if (report.notes().isEmpty()) {
      return;
    }
    html.append("<h2>Notes</h2>\n<ul>\n");
    for (String note : report.notes()) {
      html.append("<li>").append(escape(note)).append("</li>\n");
    }
    html.append("</ul>\n");
  }
}

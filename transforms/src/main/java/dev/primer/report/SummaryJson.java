package dev.primer.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.primer.io.Manifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every number of a report as JSON ({@code summary.json}): F1 values as the metrics hold them
 * (fractions), not the points the HTML shows; a number that does not exist (the std of one seed,
 * the interval of one pair) is {@code null}. The file is the {@link Summary} record bound by the
 * shared mapper ({@link Manifest#mapper()}); its fields and their order are those the hand-built
 * file had, so earlier files read the same.
 */
public final class SummaryJson {

  private SummaryJson() {}

  /** The content of {@code summary.json}. */
  @JsonPropertyOrder({
    "runId",
    "baseline",
    "confidence",
    "units",
    "stages",
    "splits",
    "languages",
    "columns",
    "f1",
    "gains",
    "evaluation",
    "notes"
  })
  public record Summary(
      String runId,
      String baseline,
      double confidence,
      String units,
      Map<String, StageEntry> stages,
      List<String> splits,
      List<String> languages,
      List<ColumnEntry> columns,
      List<F1Entry> f1,
      List<GainEntry> gains,
      List<F1Entry> evaluation,
      List<String> notes) {}

  /** Whether an upstream stage completed, and how many metric records it gave. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"completed", "records"})
  public record StageEntry(boolean completed, Integer records) {}

  /** A column of the tables: setting, method and its heading. */
  @JsonPropertyOrder({"setting", "method", "label"})
  public record ColumnEntry(String setting, String method, String label) {}

  /** The F1 values of one cell over the seeds, with their mean and std (null when undefined). */
  @JsonPropertyOrder({"split", "lang", "setting", "method", "seeds", "values", "n", "mean", "std"})
  public record F1Entry(
      String split,
      String lang,
      String setting,
      String method,
      List<Long> seeds,
      List<Double> values,
      int n,
      Double mean,
      Double std) {}

  /** A paired gain over the baseline with its t interval (null numbers when undefined). */
  @JsonPropertyOrder({
    "split",
    "lang",
    "setting",
    "method",
    "baseline",
    "pairs",
    "differences",
    "n",
    "mean",
    "std",
    "t",
    "confidence",
    "ciLow",
    "ciHigh"
  })
  public record GainEntry(
      String split,
      String lang,
      String setting,
      String method,
      String baseline,
      List<String> pairs,
      List<Double> differences,
      int n,
      Double mean,
      Double std,
      Double t,
      double confidence,
      Double ciLow,
      Double ciHigh) {}

  /** The summary of a report. */
  public static Summary of(ReportModel report) {
    Map<String, StageEntry> stages = new LinkedHashMap<>();
    report
        .stages()
        .forEach(
            (stage, completed) ->
                stages.put(
                    stage,
                    new StageEntry(completed, completed ? report.recordsRead().get(stage) : null)));
    List<ColumnEntry> columns =
        report.columns().stream()
            .map(c -> new ColumnEntry(c.setting(), c.method(), c.label()))
            .toList();
    List<GainEntry> gains =
        report.gains().stream()
            .map(
                g -> {
                  PairedDifference d = g.difference();
                  return new GainEntry(
                      g.split(),
                      g.lang(),
                      g.setting(),
                      g.method(),
                      g.baseline(),
                      g.pairs(),
                      g.differences(),
                      d.stats().n(),
                      number(d.stats().mean()),
                      number(d.stats().std()),
                      number(d.t()),
                      d.confidence(),
                      number(d.low()),
                      number(d.high()));
                })
            .toList();
    return new Summary(
        report.runId(),
        report.baseline(),
        report.confidence(),
        "F1 values and differences are fractions in [0, 1], as the metrics hold them",
        stages,
        report.splits(),
        report.languages(),
        columns,
        f1(report.f1()),
        gains,
        f1(report.evaluation()),
        report.notes());
  }

  /** The JSON text. */
  public static String render(ReportModel report) {
    ObjectMapper mapper = Manifest.mapper();
    try {
      return mapper.writeValueAsString(of(report)) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<F1Entry> f1(List<F1Summary> summaries) {
    return summaries.stream()
        .map(
            s ->
                new F1Entry(
                    s.split(),
                    s.lang(),
                    s.setting(),
                    s.method(),
                    s.seeds(),
                    s.values(),
                    s.stats().n(),
                    number(s.stats().mean()),
                    number(s.stats().std())))
        .toList();
  }

  /** A number, or null when it does not exist (NaN, infinite). */
  private static Double number(double value) {
    return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
  }
}

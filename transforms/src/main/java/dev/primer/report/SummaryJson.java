package dev.primer.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Every number of a report as JSON ({@code summary.json}): F1 values as the metrics hold them
 * (fractions), not the points the HTML shows; a number that does not exist (the std of one seed,
 * the interval of one pair) is {@code null}.
 */
public final class SummaryJson {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SummaryJson() {}

  /** The JSON text. */
  public static String render(ReportModel report) {
    ObjectNode root = JSON.createObjectNode();
    root.put("runId", report.runId());
    root.put("baseline", report.baseline());
    root.put("confidence", report.confidence());
    root.put(
        "units", "F1 values and differences are fractions in [0, 1], as the metrics hold them");
    ObjectNode stages = root.putObject("stages");
    report
        .stages()
        .forEach(
            (stage, completed) -> {
              ObjectNode s = stages.putObject(stage);
              s.put("completed", completed);
              if (completed) {
                s.put("records", report.recordsRead().get(stage));
              }
            });
    strings(root.putArray("splits"), report.splits());
    strings(root.putArray("languages"), report.languages());
    ArrayNode columns = root.putArray("columns");
    for (ReportModel.Column c : report.columns()) {
      columns
          .addObject()
          .put("setting", c.setting())
          .put("method", c.method())
          .put("label", c.label());
    }
    f1(root.putArray("f1"), report.f1());
    ArrayNode gains = root.putArray("gains");
    for (Gain g : report.gains()) {
      ObjectNode o = gains.addObject();
      o.put("split", g.split());
      o.put("lang", g.lang());
      o.put("setting", g.setting());
      o.put("method", g.method());
      o.put("baseline", g.baseline());
      strings(o.putArray("pairs"), g.pairs());
      numbers(o.putArray("differences"), g.differences());
      PairedDifference d = g.difference();
      o.put("n", d.stats().n());
      number(o, "mean", d.stats().mean());
      number(o, "std", d.stats().std());
      number(o, "t", d.t());
      o.put("confidence", d.confidence());
      number(o, "ciLow", d.low());
      number(o, "ciHigh", d.high());
    }
    f1(root.putArray("evaluation"), report.evaluation());
    strings(root.putArray("notes"), report.notes());
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void f1(ArrayNode array, List<F1Summary> summaries) {
    for (F1Summary s : summaries) {
      ObjectNode o = array.addObject();
      o.put("split", s.split());
      o.put("lang", s.lang());
      o.put("setting", s.setting());
      o.put("method", s.method());
      ArrayNode seeds = o.putArray("seeds");
      s.seeds().forEach(seeds::add);
      numbers(o.putArray("values"), s.values());
      o.put("n", s.stats().n());
      number(o, "mean", s.stats().mean());
      number(o, "std", s.stats().std());
    }
  }

  private static void number(ObjectNode o, String field, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      o.putNull(field);
    } else {
      o.put(field, value);
    }
  }

  private static void numbers(ArrayNode array, List<Double> values) {
    values.forEach(array::add);
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}

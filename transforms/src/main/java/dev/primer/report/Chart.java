package dev.primer.report;

import java.util.List;

/** What a plot shows; {@link SvgCharts} draws it. */
public sealed interface Chart {

  /** The plot's title. */
  String title();

  /** One (x, y) point of a line. */
  record Point(double x, double y) {}

  /** A named line. */
  record Line(String name, List<Point> points) {
    public Line {
      points = List.copyOf(points);
    }
  }

  /** The colour of each line or series, in order; empty: the palette in order. */
  List<String> colors();

  /** Lines over a numeric x axis (learning curves). */
  record LineChart(
      String title, String xLabel, String yLabel, List<Line> lines, List<String> colors)
      implements Chart {
    public LineChart {
      lines = List.copyOf(lines);
      colors = List.copyOf(colors);
    }
  }

  /**
   * Grouped bars with whiskers: {@code value[g][s]} is the bar of series {@code s} in group {@code
   * g} (NaN: no bar), {@code low/high[g][s]} its whisker (NaN: none).
   */
  record BarChart(
      String title,
      String yLabel,
      List<String> groups,
      List<String> series,
      double[][] value,
      double[][] low,
      double[][] high,
      List<String> colors)
      implements Chart {
    public BarChart {
      groups = List.copyOf(groups);
      series = List.copyOf(series);
      colors = List.copyOf(colors);
    }
  }
}

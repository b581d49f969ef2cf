package dev.primer.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws {@link Chart}s as standalone inline SVG (no script, no external style), for a report that
 * opens anywhere offline.
 *
 * <p>Kept rather than a charting library: the report needs two chart kinds (lines and grouped bars)
 * as dependency-free SVG text, which Java charting libraries (JFreeChart, XChart) give only through
 * Java2D and extra SVG modules.
 */
public final class SvgCharts {

  /** Tableau 10: distinguishable, colour-blind friendly enough for a handful of series. */
  static final String[] PALETTE = {
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"
  };

  private static final int WIDTH = 760;
  private static final int HEIGHT = 340;
  private static final int LEFT = 64;
  private static final int RIGHT = 220;
  private static final int TOP = 16;
  private static final int BOTTOM = 52;

  private SvgCharts() {}

  /** The SVG of a chart. */
  public static String render(Chart chart) {
    if (chart instanceof Chart.LineChart line) {
      return lines(line);
    }
    return bars((Chart.BarChart) chart);
  }

  /** The colour of palette entry {@code i}. */
  public static String color(int i) {
    return PALETTE[Math.floorMod(i, PALETTE.length)];
  }

  private static String color(Chart chart, int i) {
    return i < chart.colors().size() ? chart.colors().get(i) : color(i);
  }

  // ---------------------------------------------------------------- line charts

  private static String lines(Chart.LineChart chart) {
    double minX = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (Chart.Line line : chart.lines()) {
      for (Chart.Point p : line.points()) {
        minX = Math.min(minX, p.x());
        maxX = Math.max(maxX, p.x());
        minY = Math.min(minY, p.y());
        maxY = Math.max(maxY, p.y());
      }
    }
    StringBuilder svg = open(chart.title());
    if (minX > maxX) {
      svg.append(text(WIDTH / 2.0, HEIGHT / 2.0, "middle", "no data", "muted"));
      return close(svg);
    }
    Axis x = Axis.of(minX, maxX);
    Axis y = Axis.of(minY, maxY);
    Frame frame = new Frame(x, y);
    frame.draw(svg, chart.xLabel(), chart.yLabel());
    List<String> names = new ArrayList<>();
    for (int i = 0; i < chart.lines().size(); i++) {
      Chart.Line line = chart.lines().get(i);
      names.add(line.name());
      StringBuilder points = new StringBuilder();
      for (Chart.Point p : line.points()) {
        points.append(num(frame.px(p.x()))).append(',').append(num(frame.py(p.y()))).append(' ');
      }
      svg.append("<polyline class=\"series\" fill=\"none\" stroke=\"")
          .append(color(chart, i))
          .append("\" stroke-width=\"1.8\" points=\"")
          .append(points.toString().strip())
          .append("\"><title>")
          .append(escape(line.name()))
          .append("</title></polyline>\n");
      if (line.points().size() <= 40) {
        for (Chart.Point p : line.points()) {
          svg.append("<circle cx=\"")
              .append(num(frame.px(p.x())))
              .append("\" cy=\"")
              .append(num(frame.py(p.y())))
              .append("\" r=\"2.5\" fill=\"")
              .append(color(chart, i))
              .append("\"><title>")
              .append(escape(line.name() + ": " + label(p.x()) + ", " + label(p.y())))
              .append("</title></circle>\n");
        }
      }
    }
    legend(svg, names, chart);
    return close(svg);
  }

  // ---------------------------------------------------------------- bar charts

  private static String bars(Chart.BarChart chart) {
    double min = 0;
    double max = 0;
    for (int g = 0; g < chart.groups().size(); g++) {
      for (int s = 0; s < chart.series().size(); s++) {
        for (double v : new double[] {chart.value()[g][s], chart.low()[g][s], chart.high()[g][s]}) {
          if (!Double.isNaN(v) && !Double.isInfinite(v)) {
            min = Math.min(min, v);
            max = Math.max(max, v);
          }
        }
      }
    }
    StringBuilder svg = open(chart.title());
    Axis y = Axis.of(min, max);
    Frame frame = new Frame(null, y);
    frame.draw(svg, "", chart.yLabel());
    int groups = Math.max(1, chart.groups().size());
    int series = Math.max(1, chart.series().size());
    double band = frame.plotWidth() / groups;
    double barWidth = Math.min(band * 0.8 / series, 48);
    double zero = frame.py(0);
    svg.append(line(LEFT, zero, LEFT + frame.plotWidth(), zero, "zero"));
    for (int g = 0; g < chart.groups().size(); g++) {
      double groupLeft = LEFT + (g + 0.5) * band - barWidth * series / 2.0;
      svg.append(
          text(
              LEFT + (g + 0.5) * band,
              TOP + frame.plotHeight() + 18,
              "middle",
              chart.groups().get(g),
              "tick"));
      for (int s = 0; s < chart.series().size(); s++) {
        double v = chart.value()[g][s];
        if (Double.isNaN(v)) {
          continue;
        }
        double left = groupLeft + s * barWidth;
        double top = Math.min(zero, frame.py(v));
        double height = Math.abs(frame.py(v) - zero);
        double lo = chart.low()[g][s];
        double hi = chart.high()[g][s];
        String tip =
            chart.groups().get(g)
                + ", "
                + chart.series().get(s)
                + ": "
                + label(v)
                + (Double.isNaN(lo) ? "" : " [" + label(lo) + ", " + label(hi) + "]");
        svg.append("<rect class=\"bar\" x=\"")
            .append(num(left))
            .append("\" y=\"")
            .append(num(top))
            .append("\" width=\"")
            .append(num(barWidth * 0.92))
            .append("\" height=\"")
            .append(num(Math.max(height, 0.5)))
            .append("\" fill=\"")
            .append(color(chart, s))
            .append("\"><title>")
            .append(escape(tip))
            .append("</title></rect>\n");
        if (!Double.isNaN(lo) && !Double.isNaN(hi)) {
          double cx = left + barWidth * 0.46;
          double cap = Math.min(4, barWidth * 0.3);
          svg.append(line(cx, frame.py(lo), cx, frame.py(hi), "whisker"));
          svg.append(line(cx - cap, frame.py(lo), cx + cap, frame.py(lo), "whisker"));
          svg.append(line(cx - cap, frame.py(hi), cx + cap, frame.py(hi), "whisker"));
        }
      }
    }
    legend(svg, chart.series(), chart);
    return close(svg);
  }

  // ---------------------------------------------------------------- pieces

  private static StringBuilder open(String title) {
    StringBuilder svg = new StringBuilder();
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(HEIGHT)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\" role=\"img\" font-family=\"sans-serif\" font-size=\"11\">\n<title>")
        .append(escape(title))
        .append("</title>\n");
    return svg;
  }

  private static String close(StringBuilder svg) {
    return svg.append("</svg>").toString();
  }

  private static void legend(StringBuilder svg, List<String> names, Chart chart) {
    double x = WIDTH - RIGHT + 16;
    for (int i = 0; i < names.size(); i++) {
      double y = TOP + 6 + i * 16;
      svg.append("<rect x=\"")
          .append(num(x))
          .append("\" y=\"")
          .append(num(y))
          .append("\" width=\"10\" height=\"10\" fill=\"")
          .append(color(chart, i))
          .append("\"/>");
      svg.append(text(x + 15, y + 9, "start", names.get(i), "legend"));
    }
  }

  private static String line(double x1, double y1, double x2, double y2, String cssClass) {
    String stroke =
        switch (cssClass) {
          case "grid" -> "#e5e5e5";
          case "whisker" -> "#222";
          default -> "#555";
        };
    return "<line class=\""
        + cssClass
        + "\" x1=\""
        + num(x1)
        + "\" y1=\""
        + num(y1)
        + "\" x2=\""
        + num(x2)
        + "\" y2=\""
        + num(y2)
        + "\" stroke=\""
        + stroke
        + "\" stroke-width=\"1\"/>\n";
  }

  private static String text(double x, double y, String anchor, String content, String cssClass) {
    return "<text class=\""
        + cssClass
        + "\" x=\""
        + num(x)
        + "\" y=\""
        + num(y)
        + "\" text-anchor=\""
        + anchor
        + "\""
        + (cssClass.equals("muted") ? " fill=\"#888\"" : " fill=\"#222\"")
        + ">"
        + escape(content)
        + "</text>\n";
  }

  /** XML-escapes text. */
  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** A value for a tooltip: up to 4 significant decimals. */
  static String label(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%d", (long) v);
    }
    return String.format(Locale.ROOT, "%.4g", v);
  }

  /** An axis range rounded out to "nice" ticks (1, 2 or 5 times a power of ten). */
  record Axis(double min, double max, double step) {

    static Axis of(double min, double max) {
      if (min == max) {
        double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
        min -= pad;
        max += pad;
      }
      double raw = (max - min) / 5;
      double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
      double fraction = raw / magnitude;
      double step = (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude;
      return new Axis(Math.floor(min / step) * step, Math.ceil(max / step) * step, step);
    }

    List<Double> ticks() {
      List<Double> ticks = new ArrayList<>();
      for (int i = 0; min + i * step <= max + step * 1e-9; i++) {
        ticks.add(min + i * step);
      }
      return ticks;
    }

    String tickLabel(double v) {
      int decimals = step >= 1 ? 0 : (int) Math.ceil(-Math.log10(step) - 1e-9);
      double shown = Math.abs(v) < step * 1e-9 ? 0 : v;
      return String.format(Locale.ROOT, "%." + decimals + "f", shown);
    }
  }

  /** The plotting area and its axes. */
  private record Frame(Axis x, Axis y) {

    double plotWidth() {
      return WIDTH - LEFT - RIGHT;
    }

    double plotHeight() {
      return HEIGHT - TOP - BOTTOM;
    }

    double px(double v) {
      return LEFT + (v - x.min()) / (x.max() - x.min()) * plotWidth();
    }

    double py(double v) {
      return TOP + plotHeight() - (v - y.min()) / (y.max() - y.min()) * plotHeight();
    }

    void draw(StringBuilder svg, String xLabel, String yLabel) {
      for (double t : y.ticks()) {
        svg.append(line(LEFT, py(t), LEFT + plotWidth(), py(t), "grid"));
        svg.append(text(LEFT - 6, py(t) + 4, "end", y.tickLabel(t), "tick"));
      }
      if (x != null) {
        for (double t : x.ticks()) {
          svg.append(line(px(t), TOP + plotHeight(), px(t), TOP + plotHeight() + 4, "axis"));
          svg.append(text(px(t), TOP + plotHeight() + 16, "middle", x.tickLabel(t), "tick"));
        }
      }
      svg.append(line(LEFT, TOP, LEFT, TOP + plotHeight(), "axis"));
      svg.append(line(LEFT, TOP + plotHeight(), LEFT + plotWidth(), TOP + plotHeight(), "axis"));
      if (!xLabel.isEmpty()) {
        svg.append(text(LEFT + plotWidth() / 2, HEIGHT - 10, "middle", xLabel, "label"));
      }
      double cy = TOP + plotHeight() / 2;
      svg.append("<text class=\"label\" x=\"14\" y=\"")
          .append(num(cy))
          .append("\" text-anchor=\"middle\" fill=\"#222\" transform=\"rotate(-90 14 ")
          .append(num(cy))
          .append(")\">")
          .append(escape(yLabel))
          .append("</text>\n");
    }
  }
}

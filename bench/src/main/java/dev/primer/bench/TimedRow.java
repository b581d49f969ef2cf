package dev.primer.bench;

import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * One row of a presets x methods benchmark ({@link TrainStepBenchmark}, {@link ForwardBenchmark}):
 * wall time per timed run, tokens per second, CPU time and peak RSS, printed as a table or as one
 * JSON line per row ({@code --json}, read by {@code bench/peer/table.py} and {@code
 * inference_table.py}).
 *
 * @param preset the encoder preset
 * @param method the method name
 * @param countName the JSON key and column of {@code count} ({@code trainable}, {@code parameters})
 * @param count the parameter count the row reports
 * @param medianMs median wall milliseconds per timed run
 * @param p90Ms 90th percentile of the same
 * @param tokensPerSecond tokens of one run / median seconds
 * @param cpuMs mean process CPU milliseconds per run (all threads)
 * @param peakRssMib peak resident set size of the process ({@code VmHWM})
 */
record TimedRow(
    String preset,
    String method,
    String countName,
    long count,
    double medianMs,
    double p90Ms,
    double tokensPerSecond,
    double cpuMs,
    double peakRssMib) {

  /** The row of timings over runs of {@code tokens} tokens each; RSS read now. */
  static TimedRow of(
      String preset,
      String method,
      String countName,
      long count,
      BenchSetup.Timings timings,
      long tokens) {
    return new TimedRow(
        preset,
        method,
        countName,
        count,
        timings.median(),
        timings.p90(),
        tokens / (timings.median() / 1000),
        timings.cpuMs(),
        BenchSetup.peakRssMib());
  }

  String toJson() {
    return String.format(
        Locale.ROOT,
        "{\"impl\": \"%s\", \"preset\": \"%s\", \"method\": \"%s\","
            + " \"threads\": %d, \"%s\": %d, \"median_ms\": %.2f, \"p90_ms\": %.2f,"
            + " \"tokens_per_s\": %.1f, \"cpu_ms\": %.2f, \"peak_rss_mib\": %.1f}",
        BenchSetup.impl(),
        preset,
        method,
        JniUtils.getNumThreads(),
        countName,
        count,
        medianMs,
        p90Ms,
        tokensPerSecond,
        cpuMs,
        peakRssMib);
  }

  /**
   * Measures every preset x method: with {@code json} prints each row's JSON line as soon as it is
   * measured, else prints {@code header} first and a table of all rows at the end.
   */
  static void runGrid(
      List<String> presets,
      List<String> methods,
      boolean json,
      String header,
      BiFunction<String, String, TimedRow> measure) {
    if (!json) {
      System.out.println(header);
    }
    List<TimedRow> rows = new ArrayList<>();
    for (String preset : presets) {
      for (String method : methods) {
        TimedRow row = measure.apply(preset, method);
        if (json) {
          System.out.println(row.toJson());
        }
        rows.add(row);
      }
    }
    if (!json && !rows.isEmpty()) {
      printTable(rows);
    }
  }

  private static void printTable(List<TimedRow> rows) {
    System.out.printf(
        Locale.ROOT,
        "%-6s %-9s %12s %10s %10s %12s %10s %10s%n",
        "preset",
        "method",
        rows.get(0).countName(),
        "median_ms",
        "p90_ms",
        "tokens/s",
        "cpu_ms",
        "rss_mib");
    for (TimedRow r : rows) {
      System.out.printf(
          Locale.ROOT,
          "%-6s %-9s %,12d %10.1f %10.1f %,12.0f %10.1f %10.0f%n",
          r.preset(),
          r.method(),
          r.count(),
          r.medianMs(),
          r.p90Ms(),
          r.tokensPerSecond(),
          r.cpuMs(),
          r.peakRssMib());
    }
  }
}

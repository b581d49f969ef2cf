package dev.primer.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.jni.JniUtils;
import dev.primer.learn.model.EncoderConfig;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.model.FastWeights;
import dev.primer.learn.model.ModelInputs;
import dev.primer.learn.train.Devices;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Times the inference forward pass of a BERT-style token classifier: {@code tokenLogits} without
 * gradients and without dropout, as {@code predict}'s {@code Tagger} runs it (grad mode off, the
 * batch's intermediates freed by an {@link NDScope} after each pass). Median milliseconds per
 * forward and tokens per second, for presets x methods at a fixed batch shape (all rows full
 * length, no padding). The thread count is libtorch's ({@code -Dai.djl.pytorch.num_threads=N}).
 *
 * <p>Methods: {@code plain} (encoder and classifier only) and the PEFT methods by their JSON names
 * ({@code houlsby}, {@code lora}, ...), whose modules run in the forward pass as in a fine-tuned
 * adapter.
 *
 * <p>Options: {@code --presets tiny,small} {@code --methods plain,houlsby} {@code --batch 32}
 * {@code --seq 64} {@code --labels 7} {@code --vocab N} (default: the preset's, mBERT's 119547)
 * {@code --warmup 5} {@code --iters 30}; {@code --json} prints one JSON line per row (used by
 * {@code bench/inference.sh}) instead of the table. Besides wall time it reports the mean process
 * CPU time per forward (all threads) and the peak RSS ({@code VmHWM}).
 */
public final class ForwardBenchmark {

  private ForwardBenchmark() {}

  /** One measured configuration. */
  record Row(
      String preset,
      String method,
      long parameters,
      double medianMs,
      double p90Ms,
      double tokensPerSecond,
      double cpuMs,
      double peakRssMib) {

    String toJson() {
      return String.format(
          Locale.ROOT,
          "{\"impl\": \"%s\", \"preset\": \"%s\", \"method\": \"%s\","
              + " \"threads\": %d, \"parameters\": %d, \"median_ms\": %.2f, \"p90_ms\": %.2f,"
              + " \"tokens_per_s\": %.1f, \"cpu_ms\": %.2f, \"peak_rss_mib\": %.1f}",
          BenchSetup.impl(),
          preset,
          method,
          JniUtils.getNumThreads(),
          parameters,
          medianMs,
          p90Ms,
          tokensPerSecond,
          cpuMs,
          peakRssMib);
    }
  }

  /**
   * Runs the benchmark.
   *
   * @param args options, see the class comment
   */
  public static void main(String[] args) {
    Options o = Options.parse(args);
    if (o.json) {
      for (String preset : o.presets) {
        for (String method : o.methods) {
          System.out.println(measure(o, preset, method).toJson());
        }
      }
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "ForwardBenchmark: %s, batch %d x %d, labels %d, %d warm-up + %d timed forwards%n",
        BenchSetup.engineLine(),
        o.batch,
        o.seq,
        o.labels,
        o.warmup,
        o.iters);
    List<Row> rows = new ArrayList<>();
    for (String preset : o.presets) {
      for (String method : o.methods) {
        rows.add(measure(o, preset, method));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%-6s %-9s %12s %10s %10s %12s %10s %10s%n",
        "preset",
        "method",
        "parameters",
        "median_ms",
        "p90_ms",
        "tokens/s",
        "cpu_ms",
        "rss_mib");
    for (Row r : rows) {
      System.out.printf(
          Locale.ROOT,
          "%-6s %-9s %,12d %10.1f %10.1f %,12.0f %10.1f %10.0f%n",
          r.preset(),
          r.method(),
          r.parameters(),
          r.medianMs(),
          r.p90Ms(),
          r.tokensPerSecond(),
          r.cpuMs(),
          r.peakRssMib());
    }
  }

  static Row measure(Options o, String preset, String method) {
    EncoderConfig config = BenchSetup.config(preset, o.vocab, Double.NaN);
    try (NDManager manager = NDManager.newBaseManager(Devices.preferred())) {
      EncoderModel model = BenchSetup.tagger(manager, config, BenchSetup.peft(method), o.labels);
      long parameters =
          model.parameters().values().stream().mapToLong(p -> p.getShape().size()).sum();
      long[] ids =
          BenchSetup.inputIds(
              BenchSetup.sentences(o.batch, o.seq, o.labels, config.vocabSize(), 7, "f"));
      int[] lengths = new int[o.batch];
      Arrays.fill(lengths, o.seq);
      FastWeights store = new FastWeights();
      try (NDManager batchManager = model.manager().newSubManager()) {
        // The inputs are made once, as the peer's are; each pass's intermediates are freed.
        ModelInputs inputs = model.inputs(batchManager, ids, lengths, o.seq);
        BenchSetup.Timings t =
            BenchSetup.time(
                o.warmup,
                o.iters,
                () -> {
                  try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    model.tokenLogits(store, inputs, false);
                  }
                });
        return new Row(
            preset,
            method,
            parameters,
            t.median(),
            t.p90(),
            o.batch * (double) o.seq / (t.median() / 1000),
            t.cpuMs(),
            BenchSetup.peakRssMib());
      }
    }
  }

  /** Command-line options. */
  static final class Options {
    List<String> presets = List.of("tiny", "small");
    List<String> methods = List.of("plain", "houlsby");
    int batch = 32;
    int seq = 64;
    int labels = 7;
    int vocab;
    int warmup = 5;
    int iters = 30;
    boolean json;

    static Options parse(String[] args) {
      Options o = new Options();
      BenchArgs.parse(
          args,
          Set.of("--json"),
          (key, value) -> {
            switch (key) {
              case "--json" -> o.json = true;
              case "--presets" -> o.presets = List.of(value.split(","));
              case "--methods" -> o.methods = List.of(value.split(","));
              case "--batch" -> o.batch = Integer.parseInt(value);
              case "--seq" -> o.seq = Integer.parseInt(value);
              case "--labels" -> o.labels = Integer.parseInt(value);
              case "--vocab" -> o.vocab = Integer.parseInt(value);
              case "--warmup" -> o.warmup = Integer.parseInt(value);
              case "--iters" -> o.iters = Integer.parseInt(value);
              default -> throw new IllegalArgumentException("unknown option " + key);
            }
          });
      if (o.iters <= 0 || o.warmup < 0 || o.batch <= 0 || o.seq < 2) {
        throw new IllegalArgumentException(
            "need --iters > 0, --warmup >= 0, --batch > 0, --seq >= 2");
      }
      return o;
    }
  }
}

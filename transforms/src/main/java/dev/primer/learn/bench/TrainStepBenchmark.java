package dev.primer.learn.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import dev.primer.learn.data.EncodedBatch;
import dev.primer.learn.model.EncoderConfig;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.model.FastWeights;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.peft.PeftMethod;
import dev.primer.learn.peft.TrainableParameters;
import dev.primer.learn.train.AdamW;
import dev.primer.learn.train.Devices;
import dev.primer.learn.train.LearningRateSchedule;
import dev.primer.learn.train.ModelOptimizer;
import dev.primer.learn.train.StepRunner;
import dev.primer.learn.train.TaggingLoss;
import dev.primer.schemas.EncodedSentence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Times training steps (forward, backward, clip 1.0, AdamW) of a BERT-style tagger: median
 * milliseconds per step and tokens per second, for presets x methods at a fixed batch shape,
 * printed as a table. The thread count is libtorch's ({@code -Dai.djl.pytorch.num_threads=N}).
 *
 * <p>Options: {@code --presets tiny,small} {@code --methods full,houlsby,lora} {@code --batch 32}
 * {@code --seq 64} {@code --labels 7} {@code --vocab N} (default: the preset's, mBERT's 119547)
 * {@code --warmup 5} {@code --steps 30} {@code --dropout 0.1}; {@code --json} prints one JSON line
 * per row (used by {@code bench/train-step.sh}) instead of the table. Besides wall time it reports
 * the mean process CPU time per step (all threads) and the peak RSS ({@code VmHWM}).
 */
public final class TrainStepBenchmark {

  private TrainStepBenchmark() {}

  /** One measured configuration. */
  static final class Row {
    final String preset;
    final String method;
    final long trainable;
    final double medianMs;
    final double p90Ms;
    final double tokensPerSecond;
    final double cpuMs;
    final double peakRssMib;

    Row(
        String preset,
        String method,
        long trainable,
        double medianMs,
        double p90Ms,
        double tps,
        double cpuMs,
        double peakRssMib) {
      this.preset = preset;
      this.method = method;
      this.trainable = trainable;
      this.medianMs = medianMs;
      this.p90Ms = p90Ms;
      this.tokensPerSecond = tps;
      this.cpuMs = cpuMs;
      this.peakRssMib = peakRssMib;
    }

    String toJson() {
      return String.format(
          Locale.ROOT,
          "{\"impl\": \"primer DJL %s\", \"preset\": \"%s\", \"method\": \"%s\","
              + " \"threads\": %d, \"trainable\": %d, \"median_ms\": %.2f, \"p90_ms\": %.2f,"
              + " \"tokens_per_s\": %.1f, \"cpu_ms\": %.2f, \"peak_rss_mib\": %.1f}",
          Engine.getInstance().getVersion(),
          preset,
          method,
          JniUtils.getNumThreads(),
          trainable,
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
        "TrainStepBenchmark: engine %s %s, device %s, intra-op threads %d, batch %d x %d,"
            + " labels %d, dropout %.2f, %d warm-up + %d timed steps%n",
        Engine.getInstance().getEngineName(),
        Engine.getInstance().getVersion(),
        Devices.preferred(),
        JniUtils.getNumThreads(),
        o.batch,
        o.seq,
        o.labels,
        o.dropout,
        o.warmup,
        o.steps);
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
        "trainable",
        "median_ms",
        "p90_ms",
        "tokens/s",
        "cpu_ms",
        "rss_mib");
    for (Row r : rows) {
      System.out.printf(
          Locale.ROOT,
          "%-6s %-9s %,12d %10.1f %10.1f %,12.0f %10.1f %10.0f%n",
          r.preset,
          r.method,
          r.trainable,
          r.medianMs,
          r.p90Ms,
          r.tokensPerSecond,
          r.cpuMs,
          r.peakRssMib);
    }
  }

  static Row measure(Options o, String preset, String method) {
    EncoderConfig.Builder cb =
        EncoderConfig.preset(preset).toBuilder()
            .setHiddenDropout(o.dropout)
            .setAttentionDropout(o.dropout);
    if (o.vocab > 0) {
      cb.setVocabSize(o.vocab);
    }
    EncoderConfig config = cb.build();
    PeftConfig peft =
        method.equals("full")
            ? PeftConfig.full()
            : PeftConfig.builder(PeftMethod.fromJsonName(method)).build();
    Engine.getInstance().setRandomSeed(1);
    try (NDManager manager = NDManager.newBaseManager(Devices.preferred())) {
      EncoderModel model =
          EncoderModel.builder()
              .setConfig(config)
              .optPeft(peft)
              .optTokenClassifier(o.labels)
              .build();
      model.initialize(manager, DataType.FLOAT32);
      TrainableParameters.apply(model);
      long trainable =
          model.trainableParameters().values().stream().mapToLong(p -> p.getShape().size()).sum();
      EncodedBatch batch = randomBatch(o, config.vocabSize());
      FastWeights store = new FastWeights();
      try (ModelOptimizer optimizer =
          new ModelOptimizer(
              model.trainableParameters(),
              AdamW.builder().optWeightDecay(0.01).build(),
              LearningRateSchedule.constant(1e-4),
              1.0)) {
        StepRunner runner = new StepRunner(model, optimizer);
        double[] times = new double[o.steps];
        double cpuTotal = 0;
        for (int i = 0; i < o.warmup + o.steps; i++) {
          long c0 = processCpuNanos();
          long t0 = System.nanoTime();
          runner.run(m -> TaggingLoss.compute(model, store, batch, m, true));
          long t1 = System.nanoTime();
          long c1 = processCpuNanos();
          if (i >= o.warmup) {
            times[i - o.warmup] = (t1 - t0) / 1e6;
            cpuTotal += (c1 - c0) / 1e6;
          }
        }
        Arrays.sort(times);
        double median = times[times.length / 2];
        double p90 = times[Math.min(times.length - 1, (int) Math.ceil(times.length * 0.9) - 1)];
        return new Row(
            preset,
            method,
            trainable,
            median,
            p90,
            o.batch * (double) o.seq / (median / 1000),
            cpuTotal / o.steps,
            peakRssMib());
      }
    }
  }

  /** CPU time of the whole process (all threads), in nanoseconds. */
  static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean) {
      return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
    }
    return 0;
  }

  /** Peak resident set size of the process ({@code VmHWM}), in MiB; NaN when unknown. */
  static double peakRssMib() {
    try {
      for (String line :
          java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (java.io.IOException | NumberFormatException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }

  private static EncodedBatch randomBatch(Options o, int vocab) {
    Random random = new Random(7);
    List<EncodedSentence> sentences = new ArrayList<>();
    for (int s = 0; s < o.batch; s++) {
      List<Integer> ids = new ArrayList<>();
      List<Integer> labels = new ArrayList<>();
      List<Integer> words = new ArrayList<>();
      for (int t = 0; t < o.seq; t++) {
        boolean special = t == 0 || t == o.seq - 1;
        ids.add(special ? 101 % vocab : 1000 % vocab + random.nextInt(vocab - 1000 % vocab));
        labels.add(special ? -100 : random.nextInt(o.labels));
        words.add(special ? -1 : t - 1);
      }
      sentences.add(
          EncodedSentence.newBuilder()
              .setId("b" + s)
              .setSentenceId("b" + s)
              .setLang("xx")
              .setSplit("train")
              .setWindow(0)
              .setWindows(1)
              .setWordStart(0)
              .setNumWords(o.seq - 2)
              .setInputIds(ids)
              .setLabelIds(labels)
              .setWordIds(words)
              .setLength(o.seq)
              .build());
    }
    return EncodedBatch.of(sentences, 0);
  }

  /** Command-line options. */
  static final class Options {
    List<String> presets = List.of("tiny", "small");
    List<String> methods = List.of("full", "houlsby", "lora");
    int batch = 32;
    int seq = 64;
    int labels = 7;
    int vocab;
    int warmup = 5;
    int steps = 30;
    double dropout = 0.1;
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
              case "--steps" -> o.steps = Integer.parseInt(value);
              case "--dropout" -> o.dropout = Double.parseDouble(value);
              default -> throw new IllegalArgumentException("unknown option " + key);
            }
          });
      return o;
    }
  }
}

package dev.primer.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import dev.primer.learn.model.EncoderConfig;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.peft.PeftMethod;
import dev.primer.learn.train.Devices;
import dev.primer.schemas.EncodedSentence;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * What the benchmark mains share: the model under test (a preset's config, a PEFT method by name, a
 * seeded token classifier), synthetic batches, the timing loop, and the process figures (CPU time,
 * peak RSS) every row reports.
 */
final class BenchSetup {

  /** Token id of {@code [CLS]} and {@code [SEP]} in mBERT's vocabulary (the presets' default). */
  static final int CLS = 101;

  static final int SEP = 102;

  private BenchSetup() {}

  /** {@code engine NAME VERSION, device D, intra-op threads N}: the head of every table. */
  static String engineLine() {
    return String.format(
        Locale.ROOT,
        "engine %s %s, device %s, intra-op threads %d",
        Engine.getInstance().getEngineName(),
        Engine.getInstance().getVersion(),
        Devices.preferred(),
        JniUtils.getNumThreads());
  }

  /** {@code primer DJL VERSION}: the {@code impl} of the JSON rows. */
  static String impl() {
    return "primer DJL " + Engine.getInstance().getVersion();
  }

  /**
   * The preset's config with {@code vocab} pieces (the preset's own when {@code vocab <= 0}) and,
   * when {@code dropout} is not NaN, that hidden and attention dropout.
   */
  static EncoderConfig config(String preset, int vocab, double dropout) {
    EncoderConfig.Builder b = EncoderConfig.preset(preset).toBuilder();
    if (!Double.isNaN(dropout)) {
      b.setHiddenDropout(dropout).setAttentionDropout(dropout);
    }
    if (vocab > 0) {
      b.setVocabSize(vocab);
    }
    return b.build();
  }

  /**
   * The PEFT config of a method name: {@code plain} and {@code full} are full fine-tuning (no PEFT
   * modules), the others are {@link PeftMethod} JSON names with their defaults, optionally written
   * as the fine-tuning option name ({@code adapter-houlsby}).
   */
  static PeftConfig peft(String method) {
    if (method.equals("plain") || method.equals("full")) {
      return PeftConfig.full();
    }
    return PeftConfig.builder(PeftMethod.fromJsonName(method.replaceFirst("^adapter-", "")))
        .build();
  }

  /** A token classifier of {@code labels} labels, initialised after seeding the engine with 1. */
  static EncoderModel tagger(NDManager manager, EncoderConfig config, PeftConfig peft, int labels) {
    Engine.getInstance().setRandomSeed(1);
    EncoderModel model =
        EncoderModel.builder().setConfig(config).optPeft(peft).optTokenClassifier(labels).build();
    model.initialize(manager, DataType.FLOAT32);
    return model;
  }

  /**
   * {@code batch} full-length sentences of {@code seq} subwords: {@code [CLS]}, random pieces from
   * {@code min(1000, vocab / 2)} on with random labels below {@code labels}, {@code [SEP]}
   * (specials labelled -100). Reproducible for a seed; ids {@code idPrefix + index}.
   */
  static List<EncodedSentence> sentences(
      int batch, int seq, int labels, int vocab, long seed, String idPrefix) {
    Random random = new Random(seed);
    int first = Math.min(1000, vocab / 2);
    List<EncodedSentence> out = new ArrayList<>();
    for (int s = 0; s < batch; s++) {
      List<Integer> ids = new ArrayList<>();
      List<Integer> labelIds = new ArrayList<>();
      List<Integer> words = new ArrayList<>();
      for (int t = 0; t < seq; t++) {
        boolean special = t == 0 || t == seq - 1;
        ids.add(
            t == 0
                ? CLS % vocab
                : t == seq - 1 ? SEP % vocab : first + random.nextInt(vocab - first));
        labelIds.add(special ? -100 : random.nextInt(labels));
        words.add(special ? -1 : t - 1);
      }
      out.add(
          EncodedSentence.newBuilder()
              .setId(idPrefix + s)
              .setSentenceId(idPrefix + s)
              .setLang("xx")
              .setSplit("train")
              .setWindow(0)
              .setWindows(1)
              .setWordStart(0)
              .setNumWords(seq - 2)
              .setInputIds(ids)
              .setLabelIds(labelIds)
              .setWordIds(words)
              .setLength(seq)
              .build());
    }
    return out;
  }

  /** The sentences' input ids, one after the other (all the same length: no padding). */
  static long[] inputIds(List<EncodedSentence> sentences) {
    return sentences.stream()
        .flatMap(s -> s.getInputIds().stream())
        .mapToLong(Integer::longValue)
        .toArray();
  }

  /**
   * Runs {@code body} {@code warmup} untimed and then {@code iters} timed times.
   *
   * @return the timed runs' wall milliseconds and their mean process CPU milliseconds
   */
  static Timings time(int warmup, int iters, Runnable body) {
    double[] wall = new double[iters];
    double cpuTotal = 0;
    for (int i = 0; i < warmup + iters; i++) {
      long c0 = processCpuNanos();
      long t0 = System.nanoTime();
      body.run();
      long t1 = System.nanoTime();
      long c1 = processCpuNanos();
      if (i >= warmup) {
        wall[i - warmup] = (t1 - t0) / 1e6;
        cpuTotal += (c1 - c0) / 1e6;
      }
    }
    return new Timings(wall, cpuTotal / iters);
  }

  /** Wall milliseconds of timed runs, and the mean process CPU milliseconds per run. */
  record Timings(double[] wallMs, double cpuMs) {

    double median() {
      return BenchSetup.median(wallMs);
    }

    /** The 90th percentile (nearest rank). */
    double p90() {
      double[] sorted = wallMs.clone();
      Arrays.sort(sorted);
      return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.9) - 1)];
    }
  }

  /** The upper median (the middle element of an odd count, the upper middle of an even one). */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** CPU time of the whole process (all threads), in nanoseconds; 0 when the JVM cannot say. */
  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  /** Peak resident set size of the process ({@code VmHWM}), in MiB; NaN when unknown. */
  static double peakRssMib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }
}

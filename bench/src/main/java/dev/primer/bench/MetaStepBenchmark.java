package dev.primer.bench;

import ai.djl.ndarray.NDManager;
import dev.primer.learn.data.EncodedBatch;
import dev.primer.learn.meta.HeadInit;
import dev.primer.learn.meta.InnerLoopConfig;
import dev.primer.learn.meta.MetaOrder;
import dev.primer.learn.meta.PrimingConfig;
import dev.primer.learn.meta.PrimingTrainer;
import dev.primer.learn.meta.PrimingVariant;
import dev.primer.learn.model.EncoderConfig;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.model.FastWeights;
import dev.primer.learn.peft.TrainableParameters;
import dev.primer.learn.train.AdamW;
import dev.primer.learn.train.Devices;
import dev.primer.learn.train.LearningRateSchedule;
import dev.primer.learn.train.ModelOptimizer;
import dev.primer.learn.train.StepRunner;
import dev.primer.learn.train.TaggingLoss;
import dev.primer.schemas.EncodedSentence;
import dev.primer.schemas.Episode;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The cost of a first-order priming meta-step against PEFT fine-tuning steps: a meta-step with k
 * inner steps does k support passes that train only the PEFT parameters and head, one query pass
 * that also back-propagates into the encoder, and one AdamW update of the encoder; it is compared
 * with k + 1 PEFT steps (forward, backward, clip, AdamW on PEFT + head) on batches of the same
 * shape. Prints median milliseconds and the ratio {@code meta / ((k + 1) x peft)} per k (target: at
 * most 1.1).
 *
 * <p>Options: {@code --preset tiny} {@code --method houlsby} {@code --ks 1,3,5} {@code --batch 16}
 * (support and query sentences per episode) {@code --seq 32} {@code --labels 7} {@code --vocab N}
 * (default: the preset's, mBERT's 119547) {@code --order first|second} {@code --warmup 3} {@code
 * --steps 20} {@code --dropout 0.1}. Threads: {@code -Dai.djl.pytorch.num_threads=N}.
 */
public final class MetaStepBenchmark {

  private MetaStepBenchmark() {}

  /** One measured k: medians, minima (the least disturbed steps) and the median paired ratio. */
  record Row(
      int k,
      double peftMs,
      double metaMs,
      double peftMin,
      double metaMin,
      double paired,
      double peftCpuMs,
      double metaCpuMs) {
    double ratio() {
      return metaMs / ((k + 1) * peftMs);
    }

    double minRatio() {
      return metaMin / ((k + 1) * peftMin);
    }

    double cpuRatio() {
      return metaCpuMs / ((k + 1) * peftCpuMs);
    }
  }

  /**
   * Runs the benchmark.
   *
   * @param args see the class comment
   */
  public static void main(String[] args) {
    Options o = Options.parse(args);
    EncoderConfig config = BenchSetup.config(o.preset, o.vocab, o.dropout);
    System.out.printf(
        Locale.ROOT,
        "MetaStepBenchmark: %s, preset %s (hidden %d, %d layers, vocabulary %d), method %s, %s"
            + " order, lazy embedding update %s, episodes of %d + %d sentences x %d subwords,"
            + " labels %d, %d warm-up + %d timed steps%n",
        BenchSetup.engineLine(),
        o.preset,
        config.hiddenSize(),
        config.numLayers(),
        config.vocabSize(),
        o.method,
        o.order.name().toLowerCase(Locale.ROOT),
        o.lazyEmbeddings,
        o.batch,
        o.batch,
        o.seq,
        o.labels,
        o.warmup,
        o.steps);
    List<Row> rows = new ArrayList<>();
    for (int k : o.ks) {
      rows.add(measure(o, config, k));
    }
    System.out.printf(
        Locale.ROOT,
        "%3s %9s %14s %9s %7s %9s %9s %9s %7s %9s %9s %9s%n",
        "k",
        "peft_ms",
        "(k+1)*peft_ms",
        "meta_ms",
        "ratio",
        "peft_min",
        "meta_min",
        "min_ratio",
        "paired",
        "peft_cpu",
        "meta_cpu",
        "cpu_ratio");
    for (Row r : rows) {
      System.out.printf(
          Locale.ROOT,
          "%3d %9.1f %14.1f %9.1f %7.3f %9.1f %9.1f %9.3f %7.3f %9.1f %9.1f %9.3f%n",
          r.k(),
          r.peftMs(),
          (r.k() + 1) * r.peftMs(),
          r.metaMs(),
          r.ratio(),
          r.peftMin(),
          r.metaMin(),
          r.minRatio(),
          r.paired(),
          r.peftCpuMs(),
          r.metaCpuMs(),
          r.cpuRatio());
    }
    System.out.println(
        "ratio = median meta / ((k+1) x median peft); min_ratio from the fastest steps; paired ="
            + " median over steps of meta_i / ((k+1) x peft_i), each pair timed back to back;"
            + " *_cpu: median CPU time of the calling thread (with one libtorch thread all the"
            + " work runs on it; unaffected by other processes taking the cores)");
  }

  /**
   * Median milliseconds of a PEFT training step (as fine-tuning trains them: forward, backward,
   * clip, AdamW on PEFT + head) and of a primed first-order meta-step with {@code k} inner steps on
   * one episode, timed alternately so that both see the same machine load.
   */
  static Row measure(Options o, EncoderConfig config, int k) {
    try (NDManager manager = NDManager.newBaseManager(Devices.preferred())) {
      EncoderModel peftModel =
          BenchSetup.tagger(manager, config, BenchSetup.peft(o.method), o.labels);
      TrainableParameters.apply(peftModel);
      EncodedBatch batch = EncodedBatch.of(sentences(o, config.vocabSize(), 7), 0);
      FastWeights store = new FastWeights();
      EncoderModel metaModel =
          BenchSetup.tagger(manager, config, BenchSetup.peft(o.method), o.labels);
      PrimingConfig priming =
          PrimingConfig.builder()
              .optVariant(PrimingVariant.PRIMED)
              .optHeadInit(HeadInit.REINIT)
              .setInnerLoop(
                  InnerLoopConfig.builder()
                      .setSteps(k)
                      .setLearningRate(0.05)
                      .optBatchSize(o.batch)
                      .build())
              .optOrder(o.order)
              .setOuterSchedule(LearningRateSchedule.constant(1e-4))
              .optLazyEmbeddings(o.lazyEmbeddings)
              .build();
      Episode episode =
          Episode.newBuilder()
              .setId("bench")
              .setLang("xx")
              .setIndex(0)
              .setSeed(0)
              .setSupport(sentences(o, config.vocabSize(), 7))
              .setQuery(sentences(o, config.vocabSize(), 8))
              .build();
      try (ModelOptimizer optimizer =
              new ModelOptimizer(
                  peftModel.trainableParameters(),
                  AdamW.builder().optWeightDecay(0.01).build(),
                  LearningRateSchedule.constant(1e-4),
                  1.0);
          PrimingTrainer trainer = PrimingTrainer.create(metaModel, priming)) {
        StepRunner runner = new StepRunner(peftModel, optimizer);
        double[] peft = new double[o.steps];
        double[] meta = new double[o.steps];
        double[] peftCpu = new double[o.steps];
        double[] metaCpu = new double[o.steps];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < o.warmup + o.steps; i++) {
          long c0 = threads.getCurrentThreadCpuTime();
          long t0 = System.nanoTime();
          runner.run(m -> TaggingLoss.compute(peftModel, store, batch, m, true));
          long t1 = System.nanoTime();
          long c1 = threads.getCurrentThreadCpuTime();
          trainer.step(i, List.of(episode));
          long t2 = System.nanoTime();
          long c2 = threads.getCurrentThreadCpuTime();
          if (i >= o.warmup) {
            peft[i - o.warmup] = (t1 - t0) / 1e6;
            meta[i - o.warmup] = (t2 - t1) / 1e6;
            peftCpu[i - o.warmup] = (c1 - c0) / 1e6;
            metaCpu[i - o.warmup] = (c2 - c1) / 1e6;
          }
        }
        double[] paired = new double[o.steps];
        for (int i = 0; i < o.steps; i++) {
          paired[i] = meta[i] / ((k + 1) * peft[i]);
        }
        return new Row(
            k,
            BenchSetup.median(peft),
            BenchSetup.median(meta),
            Arrays.stream(peft).min().orElse(0),
            Arrays.stream(meta).min().orElse(0),
            BenchSetup.median(paired),
            BenchSetup.median(peftCpu),
            BenchSetup.median(metaCpu));
      }
    }
  }

  private static List<EncodedSentence> sentences(Options o, int vocab, long seed) {
    return BenchSetup.sentences(o.batch, o.seq, o.labels, vocab, seed, "b" + seed + "-");
  }

  /** Command-line options. */
  static final class Options {
    String preset = "tiny";
    String method = "adapter-houlsby";
    List<Integer> ks = List.of(1, 3, 5);
    int batch = 16;
    int seq = 32;
    int labels = 7;
    int vocab;
    MetaOrder order = MetaOrder.FIRST;
    int warmup = 3;
    int steps = 20;
    double dropout = 0.1;
    boolean lazyEmbeddings = true;

    static Options parse(String[] args) {
      Options o = new Options();
      BenchArgs.parse(
          args,
          Set.of(),
          (key, value) -> {
            switch (key) {
              case "--preset" -> o.preset = value;
              case "--method" -> o.method = value;
              case "--ks" -> o.ks = Arrays.stream(value.split(",")).map(Integer::parseInt).toList();
              case "--batch" -> o.batch = Integer.parseInt(value);
              case "--seq" -> o.seq = Integer.parseInt(value);
              case "--labels" -> o.labels = Integer.parseInt(value);
              case "--vocab" -> o.vocab = Integer.parseInt(value);
              case "--order" -> o.order = MetaOrder.valueOf(value.toUpperCase(Locale.ROOT));
              case "--warmup" -> o.warmup = Integer.parseInt(value);
              case "--steps" -> o.steps = Integer.parseInt(value);
              case "--dropout" -> o.dropout = Double.parseDouble(value);
              case "--lazyEmbeddings" -> o.lazyEmbeddings = Boolean.parseBoolean(value);
              default -> throw new IllegalArgumentException("unknown option " + key);
            }
          });
      return o;
    }
  }
}

package dev.primer.bench;

import ai.djl.ndarray.NDManager;
import dev.primer.learn.data.EncodedBatch;
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
import java.util.List;
import java.util.Locale;

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

  /**
   * Runs the benchmark.
   *
   * @param args options, see the class comment
   */
  public static void main(String[] args) {
    Options o = Options.parse(args);
    o.runGrid(
        "TrainStepBenchmark",
        String.format(
            Locale.ROOT, "dropout %.2f, %d warm-up + %d timed steps", o.dropout, o.warmup, o.steps),
        (preset, method) -> measure(o, preset, method));
  }

  static TimedRow measure(Options o, String preset, String method) {
    EncoderConfig config = BenchSetup.config(preset, o.vocab, o.dropout);
    try (NDManager manager = NDManager.newBaseManager(Devices.preferred())) {
      EncoderModel model = BenchSetup.tagger(manager, config, BenchSetup.peft(method), o.labels);
      TrainableParameters.apply(model);
      long trainable =
          model.trainableParameters().values().stream().mapToLong(p -> p.getShape().size()).sum();
      EncodedBatch batch =
          EncodedBatch.of(
              BenchSetup.sentences(o.batch, o.seq, o.labels, config.vocabSize(), 7, "b"), 0);
      FastWeights store = new FastWeights();
      try (ModelOptimizer optimizer =
          new ModelOptimizer(
              model.trainableParameters(),
              AdamW.builder().optWeightDecay(0.01).build(),
              LearningRateSchedule.constant(1e-4),
              1.0)) {
        StepRunner runner = new StepRunner(model, optimizer);
        BenchSetup.Timings t =
            BenchSetup.time(
                o.warmup,
                o.steps,
                () -> runner.run(m -> TaggingLoss.compute(model, store, batch, m, true)));
        return TimedRow.of(preset, method, "trainable", trainable, t, (long) o.batch * o.seq);
      }
    }
  }

  /** Command-line options: the shared ones, {@code --steps} timed steps and {@code --dropout}. */
  static final class Options extends ModelBenchOptions {
    int steps = 30;
    double dropout = 0.1;

    Options() {
      super(List.of("full", "houlsby", "lora"));
    }

    @Override
    boolean set(String key, String value) {
      switch (key) {
        case "--steps" -> steps = Integer.parseInt(value);
        case "--dropout" -> dropout = Double.parseDouble(value);
        default -> {
          return false;
        }
      }
      return true;
    }

    static Options parse(String[] args) {
      Options o = new Options();
      o.read(args);
      return o;
    }
  }
}

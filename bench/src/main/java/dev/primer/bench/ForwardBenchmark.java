package dev.primer.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.primer.learn.model.EncoderConfig;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.model.FastWeights;
import dev.primer.learn.model.ModelInputs;
import dev.primer.learn.train.Devices;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

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

  /**
   * Runs the benchmark.
   *
   * @param args options, see the class comment
   */
  public static void main(String[] args) {
    Options o = Options.parse(args);
    o.runGrid(
        "ForwardBenchmark",
        String.format(Locale.ROOT, "%d warm-up + %d timed forwards", o.warmup, o.iters),
        (preset, method) -> measure(o, preset, method));
  }

  static TimedRow measure(Options o, String preset, String method) {
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
        return TimedRow.of(preset, method, "parameters", parameters, t, (long) o.batch * o.seq);
      }
    }
  }

  /** Command-line options: the shared ones and {@code --iters} timed forwards. */
  static final class Options extends ModelBenchOptions {
    int iters = 30;

    Options() {
      super(List.of("plain", "houlsby"));
    }

    @Override
    boolean set(String key, String value) {
      if (!key.equals("--iters")) {
        return false;
      }
      iters = Integer.parseInt(value);
      return true;
    }

    static Options parse(String[] args) {
      Options o = new Options();
      o.read(args);
      if (o.iters <= 0 || o.warmup < 0 || o.batch <= 0 || o.seq < 2) {
        throw new IllegalArgumentException(
            "need --iters > 0, --warmup >= 0, --batch > 0, --seq >= 2");
      }
      return o;
    }
  }
}

package dev.primer.bench;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Command-line options shared by the model benchmarks ({@link ForwardBenchmark}, {@link
 * TrainStepBenchmark}): {@code --presets}, {@code --methods}, the batch shape ({@code --batch} x
 * {@code --seq} tokens, {@code --labels}, {@code --vocab}; 0 means the preset's vocabulary), {@code
 * --warmup} rounds and {@code --json}. A subclass adds its own keys in {@link #set}.
 */
abstract class ModelBenchOptions {
  List<String> presets = List.of("tiny", "small");
  List<String> methods;
  int batch = 32;
  int seq = 64;
  int labels = 7;
  int vocab;
  int warmup = 5;
  boolean json;

  ModelBenchOptions(List<String> methods) {
    this.methods = methods;
  }

  /** Sets one of the subclass's own options; false when {@code key} is none of them. */
  abstract boolean set(String key, String value);

  /**
   * Reads {@code args} into these options.
   *
   * @throws IllegalArgumentException for an unknown option
   */
  final void read(String[] args) {
    BenchArgs.parse(
        args,
        Set.of("--json"),
        (key, value) -> {
          switch (key) {
            case "--json" -> json = true;
            case "--presets" -> presets = List.of(value.split(","));
            case "--methods" -> methods = List.of(value.split(","));
            case "--batch" -> batch = Integer.parseInt(value);
            case "--seq" -> seq = Integer.parseInt(value);
            case "--labels" -> labels = Integer.parseInt(value);
            case "--vocab" -> vocab = Integer.parseInt(value);
            case "--warmup" -> warmup = Integer.parseInt(value);
            default -> {
              if (!set(key, value)) {
                throw new IllegalArgumentException("unknown option " + key);
              }
            }
          }
        });
  }

  /**
   * Measures every preset x method (see {@link TimedRow#runGrid}) under the header {@code
   * "<benchmark>: <engine>, batch B x S, labels L, <settings>"}.
   */
  final void runGrid(
      String benchmark, String settings, BiFunction<String, String, TimedRow> measure) {
    TimedRow.runGrid(
        presets,
        methods,
        json,
        String.format(
            Locale.ROOT,
            "%s: %s, batch %d x %d, labels %d, %s",
            benchmark,
            BenchSetup.engineLine(),
            batch,
            seq,
            labels,
            settings),
        measure);
  }
}

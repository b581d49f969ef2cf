package dev.primer.pipelines;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Runs the {@code primer} launcher in-process for tests with the standard stages, capturing what a
 * call prints on stdout and stderr (each call starts with both empty).
 */
final class PrimerCall {

  /** Runner flags for an embedded Flink cluster with two parallel subtasks. */
  static final List<String> FLINK =
      List.of("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2");

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** Runs {@code args}; returns the exit status. */
  int run(String... args) {
    out.reset();
    err.reset();
    return new Primer(
            StageRegistry.standard(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .execute(args);
  }

  /** Runs {@code args}; returns the exit status. */
  int run(List<String> args) {
    return run(args.toArray(String[]::new));
  }

  /** What the last call printed on stdout. */
  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  /** What the last call printed on stderr. */
  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}

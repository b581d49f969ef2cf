package dev.primer.pipelines;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * {@code ./primer demo}: copies the built-in corpus into the run and runs every stage on it, by
 * default on the DirectRunner into {@code runs/demo/}, then prints where the outputs are.
 */
final class DemoCommand {

  static final String SUMMARY =
      "the whole workflow on the built-in demo corpus (DirectRunner, local files, tiny model)";

  /** The stages the demo runs, in order. */
  static final List<String> STAGES = List.of("stage", "vocab", "encode");

  private final Primer launcher;
  private final PrintStream out;

  DemoCommand(Primer launcher, PrintStream out) {
    this.launcher = launcher;
    this.out = out;
  }

  void run(String[] userArgs) throws Exception {
    List<String> args = new ArrayList<>(Arrays.asList(userArgs));
    addDefault(args, "runId", "demo");
    PrimerOptions location =
        PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
            .withoutStrictParsing()
            .as(PrimerOptions.class);
    dev.primer.io.RunLayout layout =
        new dev.primer.io.RunLayout(location.getRunRoot(), location.getRunId());
    ResourceId corpus =
        DemoCorpus.copyTo(
            dev.primer.io.ResourceIO.childDirectory(layout.runDirectory(), "inputs/demo-corpus"));
    out.println("demo corpus: " + corpus);
    if (!hasOption(args, "corpus")) {
      for (String spec : DemoCorpus.corpusSpecs(corpus)) {
        args.add("--corpus=" + spec);
      }
    }
    for (String[] option : DemoDefaults.OPTIONS) {
      addDefault(args, option[0], option[1]);
    }
    args.removeIf(arg -> arg.startsWith("--stages="));
    args.add("--stages=" + String.join(",", STAGES));
    launcher.runStagesOrThrow(args);
    out.println();
    out.println("demo outputs in " + layout.runDirectory());
  }

  private static boolean hasOption(List<String> args, String name) {
    return args.stream()
        .anyMatch(arg -> arg.startsWith("--" + name + "=") || arg.equals("--" + name));
  }

  private static void addDefault(List<String> args, String name, String value) {
    if (!hasOption(args, name)) {
      args.add("--" + name + "=" + value);
    }
  }
}

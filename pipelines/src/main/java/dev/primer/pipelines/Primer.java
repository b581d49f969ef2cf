package dev.primer.pipelines;

import dev.primer.OptionChecks;
import dev.primer.OptionNames;
import dev.primer.UserError;
import dev.primer.io.RunLayout;
import dev.primer.lease.RunLease;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.PipelineOptionsValidator;

/**
 * The launcher: {@code primer COMMAND [--option=value ...]}. A command is a stage name, {@code run
 * --stages=a,b,...}, {@code demo}, {@code status}, {@code verify}, {@code fill-mask}, or {@code
 * export}. User errors print one line and exit with status 2 (so do a 403 or 404 from Cloud
 * Storage, named by their {@code gs://} URI: {@link GcsErrors}); a failed stage exits with status
 * 1; no manifest is written for a stage that did not complete.
 *
 * <p>A stage command, {@code run} and {@code demo} hold the run's lease ({@link RunLeases}, {@code
 * <runRoot>/<runId>/_LEASE.json}) from before their first stage writes anything until they end; a
 * launcher that finds the lease held by another exits with status 2 and a message naming the
 * holder, having written nothing.
 */
public final class Primer {

  static {
    // Beam's aws2 registrar registers AwsOptions only: S3Options' flags (--s3ClientFactoryClass,
    // --s3UploadBufferSizeBytes, ...) must be registered to be accepted on the command line.
    PipelineOptionsFactory.register(S3Options.class);
  }

  private final StageRegistry registry;
  private final PrintStream out;
  private final PrintStream err;

  Primer(StageRegistry registry, PrintStream out, PrintStream err) {
    this.registry = registry;
    this.out = out;
    this.err = err;
  }

  /** Entry point of {@code ./primer} and of the bundled jar. */
  public static void main(String[] args) {
    int status = new Primer(StageRegistry.standard(), System.out, System.err).execute(args);
    System.exit(status);
  }

  /** Runs a command line and returns the process exit status. */
  int execute(String[] args) {
    if (args.length == 0) {
      printUsage(err);
      return 2;
    }
    String command = args[0];
    List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
    try {
      if (command.equals("--help") || command.equals("-h") || command.equals("help")) {
        printUsage(out);
        return 0;
      }
      boolean help = rest.contains("--help") || rest.contains("-h");
      switch (command) {
        case "run" -> {
          if (help) {
            OptionsHelp.print(
                out,
                "primer run --stages=a,b,... [--reuse=RUN | --reuse=a,b@RUN] [options of those"
                    + " stages]",
                "Runs several stages in order; each reuses its output when up to date. --reuse"
                    + " starts from another run's committed stages instead of computing them.",
                RunOptions.class);
            return 0;
          }
          runStages(rest);
        }
        case "fill-mask" -> {
          if (help) {
            OptionsHelp.print(
                out, FillMaskCommand.USAGE, FillMaskCommand.SUMMARY, FillMaskOptions.class);
            return 0;
          }
          new FillMaskCommand(out).run(rest);
        }
        case "export" -> {
          if (help) {
            OptionsHelp.print(out, ExportCommand.USAGE, ExportCommand.SUMMARY, ExportOptions.class);
            return 0;
          }
          new ExportCommand(out).run(rest);
        }
        case "status" -> {
          if (help) {
            OptionsHelp.print(out, StatusCommand.USAGE, StatusCommand.SUMMARY, PrimerOptions.class);
            return 0;
          }
          new StatusCommand(registry, out).run(rest);
        }
        case "verify" -> {
          if (help) {
            OptionsHelp.print(out, VerifyCommand.USAGE, VerifyCommand.SUMMARY, PrimerOptions.class);
            return 0;
          }
          return new VerifyCommand(registry, out).run(rest);
        }
        case "nightly" -> {
          if (help) {
            OptionsHelp.print(
                out, NightlyCommand.USAGE, NightlyCommand.SUMMARY, NightlyOptions.class);
            return 0;
          }
          return new NightlyCommand(this, out, err).run(rest);
        }
        case "demo" -> {
          if (help) {
            OptionsHelp.print(out, "primer demo [options]", DemoCommand.SUMMARY, DemoOptions.class);
            return 0;
          }
          new DemoCommand(this, out).run(rest.toArray(String[]::new));
        }
        default -> {
          Stage<?, ?> stage =
              registry
                  .find(command)
                  .orElseThrow(
                      () ->
                          new UserError(
                              "unknown command '"
                                  + command
                                  + "'; commands: "
                                  + registry.names()
                                  + ", run, demo, nightly, status, verify, fill-mask, export (see"
                                  + " ./primer --help)"));
          if (help) {
            OptionsHelp.print(
                out,
                "primer " + stage.name() + " [options]",
                stage.summary(),
                stage.optionsClass());
            return 0;
          }
          runSingle(stage, rest);
        }
      }
      return 0;
    } catch (Throwable t) {
      return report(command, t);
    }
  }

  private void runSingle(Stage<?, ?> stage, List<String> args) throws Exception {
    PrimerOptions options = parse(args, stage.optionsClass());
    try (RunLease lease = RunLeases.acquire(options, stage.name())) {
      StageRunner.Outcome outcome = StageRunner.run(stage, options, lease::confirm);
      lease.checkHeld();
      printOutcome(stage, outcome);
    }
  }

  /** Runs {@code run}'s stages for a caller that already holds the run's lease ({@code demo}). */
  void runStagesOrThrow(List<String> args, RunLease lease) throws Exception {
    runStages(args, lease);
  }

  private void runStages(List<String> args) throws Exception {
    runStages(args, null);
  }

  /**
   * Parses {@code --stages} and the options of those stages, takes the run's lease (unless {@code
   * held} is the caller's), and runs the stages in order, checking before each that the lease is
   * still this launcher's.
   */
  private void runStages(List<String> args, RunLease held) throws Exception {
    List<String> names = Args.value(args, "stages").map(OptionNames::list).orElse(List.of());
    if (names.isEmpty()) {
      throw new UserError("run needs --stages=a,b,... (stages: " + registry.names() + ")");
    }
    List<Stage<?, ?>> stages = new ArrayList<>();
    for (String name : names) {
      stages.add(
          registry
              .find(name.trim())
              .orElseThrow(
                  () ->
                      new UserError(
                          "unknown stage '"
                              + name
                              + "' in --stages; stages: "
                              + registry.names())));
    }
    for (Stage<?, ?> stage : stages) {
      PipelineOptionsFactory.register(stage.optionsClass());
    }
    List<Class<?>> optionClasses = new ArrayList<>();
    for (Stage<?, ?> stage : stages) {
      optionClasses.add(stage.optionsClass());
    }
    checkOptionTypes(args, optionClasses);
    RunOptions options = parse(args, RunOptions.class);
    for (Stage<?, ?> stage : stages) {
      PipelineOptionsValidator.validate(stage.optionsClass(), options);
      PathOptions.resolve(options, stage.optionsClass());
    }
    // --reuse is checked before the lease is taken (a refusal leaves no trace) and applied under
    // it: the reused stages' manifests and the removal of this run's own earlier attempts.
    List<RunReuse.Request> reuse = RunReuse.parse(args, options.getRunRoot());
    RunLayout layout = new RunLayout(options.getRunRoot(), options.getRunId());
    if (!reuse.isEmpty()) {
      FileSystems.setDefaultPipelineOptions(options);
      layout.checkRoot();
      new RunReuse(registry, out).check(reuse, layout, stages);
    }
    RunLease lease = held != null ? held : RunLeases.acquire(options, "run");
    try {
      if (!reuse.isEmpty()) {
        new RunReuse(registry, out).apply(reuse, layout, stages);
      }
      // One embedded Flink cluster for all the stages (Flink [local] only; stopped on any exit).
      try (AutoCloseable cluster = EmbeddedFlinkCluster.start(options).orElse(null)) {
        for (Stage<?, ?> stage : stages) {
          lease.checkHeld();
          printOutcome(stage, StageRunner.run(stage, options, lease::confirm));
        }
      }
      lease.checkHeld();
    } finally {
      if (held == null) {
        lease.close();
      }
    }
  }

  static <O extends PrimerOptions> O parse(List<String> args, Class<O> optionsClass) {
    return parseOptions(args, optionsClass);
  }

  /**
   * Parses and validates options of any interface; bad flags are user errors. Options naming files
   * are made absolute ({@link PathOptions}).
   */
  static <O extends PipelineOptions> O parseOptions(List<String> args, Class<O> optionsClass) {
    checkOptionTypes(args, List.of(optionsClass));
    O options;
    try {
      options =
          PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
              .withValidation()
              .as(optionsClass);
    } catch (IllegalArgumentException e) {
      throw new UserError(BeamMessages.optionError(e.getMessage()), e);
    }
    PathOptions.resolve(options, optionsClass);
    return options;
  }

  /**
   * Checks the value of every {@code --name=value} flag whose option (a getter of one of {@code
   * optionClasses}) has a number, boolean or enum type, before Beam parses them: Beam's own message
   * names neither the option nor the expected type (enums: {@link OptionChecks#enumValue}). Throws
   * a {@link UserError} naming the option, the value given and the type expected.
   */
  static void checkOptionTypes(List<String> args, List<Class<?>> optionClasses) {
    for (String arg : args) {
      if (!arg.startsWith("--") || arg.indexOf('=') < 0) {
        continue;
      }
      String name = arg.substring(2, arg.indexOf('='));
      String value = arg.substring(arg.indexOf('=') + 1);
      Class<?> type = optionType(name, optionClasses);
      if (type != null && type.isEnum()) {
        OptionChecks.enumValue("--" + name, value, type);
        continue;
      }
      String expected = null;
      try {
        if (type == Integer.class || type == int.class) {
          expected = "an integer (a whole number such as 100)";
          Integer.parseInt(value.trim());
        } else if (type == Long.class || type == long.class) {
          expected = "an integer (a whole number such as 100)";
          Long.parseLong(value.trim());
        } else if (type == Double.class
            || type == double.class
            || type == Float.class
            || type == float.class) {
          expected = "a number (such as 0.001 or 1e-3)";
          Double.parseDouble(value.trim());
        } else if (type == Boolean.class || type == boolean.class) {
          expected = "true or false";
          if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new NumberFormatException(value);
          }
        }
      } catch (NumberFormatException e) {
        throw new UserError(
            "option --" + name + " expects " + expected + ", but was given '" + value + "'");
      }
    }
  }

  private static Class<?> optionType(String name, List<Class<?>> optionClasses) {
    if (name.isEmpty()) {
      return null;
    }
    String property = Character.toUpperCase(name.charAt(0)) + name.substring(1);
    for (Class<?> options : optionClasses) {
      for (String prefix : List.of("get", "is")) {
        try {
          return options.getMethod(prefix + property).getReturnType();
        } catch (NoSuchMethodException e) {
          // not this getter
        }
      }
    }
    return null;
  }

  private void printOutcome(Stage<?, ?> stage, StageRunner.Outcome outcome) {
    String what = outcome.status() == StageRunner.Status.UP_TO_DATE ? "up to date" : "complete";
    out.println(stage.name() + ": " + what + " -> " + outcome.directory());
    if (outcome.status() == StageRunner.Status.COMPLETED
        && outcome.manifest().rerunReasons != null) {
      out.println("  reran: " + String.join("; ", outcome.manifest().rerunReasons));
    }
    for (String line : stage.consoleSummary(outcome.manifest())) {
      out.println("  " + line);
    }
  }

  private int report(String command, Throwable failure) {
    UserError userError = find(failure, UserError.class);
    boolean debug = System.getenv("PRIMER_DEBUG") != null;
    if (userError != null) {
      err.println("primer " + command + ": error: " + userError.getMessage());
      if (debug) {
        failure.printStackTrace(err);
      }
      return 2;
    }
    Optional<String> storage = GcsErrors.describe(failure);
    if (storage.isPresent()) {
      err.println("primer " + command + ": error: " + storage.get());
      if (debug) {
        failure.printStackTrace(err);
      }
      return 2;
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    err.println(
        "primer "
            + command
            + ": failed: "
            + root.getClass().getSimpleName()
            + ": "
            + root.getMessage());
    if (debug) {
      failure.printStackTrace(err);
    } else {
      err.println("(set PRIMER_DEBUG=1 for the stack trace)");
    }
    return 1;
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private void printUsage(PrintStream stream) {
    stream.println("Usage: primer COMMAND [--option=value ...]");
    stream.println();
    stream.println(
        "Stages (each writes <runRoot>/<runId>/<stage>/attempt-*/, committed by its"
            + " _MANIFEST.json):");
    for (Stage<?, ?> stage : registry.all()) {
      stream.printf("  %-10s %s%n", stage.name(), stage.summary());
    }
    stream.println();
    stream.println("Other commands:");
    stream.printf(
        "  %-10s %s%n", "run", "several stages in order: run --stages=stage,vocab,encode");
    stream.printf("  %-10s %s%n", "demo", DemoCommand.SUMMARY);
    stream.printf("  %-10s %s%n", "nightly", NightlyCommand.SUMMARY);
    stream.printf("  %-10s %s%n", "status", StatusCommand.SUMMARY);
    stream.printf("  %-10s %s%n", "verify", VerifyCommand.SUMMARY);
    stream.printf("  %-10s %s%n", "fill-mask", FillMaskCommand.SUMMARY);
    stream.printf("  %-10s %s%n", "export", ExportCommand.SUMMARY);
    stream.println();
    stream.println("Every command takes --runRoot=PATH_OR_URI --runId=ID and Beam options");
    stream.println("(--runner=FlinkRunner --flinkMaster=[local] --parallelism=2, ...).");
    stream.println("'primer COMMAND --help' lists a command's options with their defaults.");
  }
}

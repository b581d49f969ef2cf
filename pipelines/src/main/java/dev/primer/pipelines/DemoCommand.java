package dev.primer.pipelines;

import dev.primer.io.CommittedStage;
import dev.primer.io.ResourceIO;
import dev.primer.io.RunLayout;
import dev.primer.io.StageArtifacts;
import dev.primer.lease.RunLease;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * {@code ./primer demo}: copies the built-in corpus into the run and runs every stage on it, by
 * default on the DirectRunner into {@code runs/demo/}, then prints where the outputs are.
 */
final class DemoCommand {

  static final String SUMMARY =
      "the whole workflow on the built-in demo corpus (DirectRunner, local files, tiny model)";

  /** The stages the demo runs, in order. */
  static final List<String> STAGES =
      List.of(
          "stage",
          "vocab",
          "encode",
          "episodes",
          "pretrain",
          "prime",
          "finetune",
          "evaluate",
          "report",
          "predict");

  private final Primer launcher;
  private final PrintStream out;

  DemoCommand(Primer launcher, PrintStream out) {
    this.launcher = launcher;
    this.out = out;
  }

  void run(String[] userArgs) throws Exception {
    List<String> args = new ArrayList<>(Arrays.asList(userArgs));
    Args.addDefault(args, "runId", "demo");
    Args.addDefault(args, "runRoot", "runs");
    RunLayout layout =
        new RunLayout(Args.value(args, "runRoot").get(), Args.value(args, "runId").get());
    PrimerOptions leaseOptions = Primer.parseOptions(leaseArgs(args), PrimerOptions.class);
    // The run root's file system (gs:// with --gcsEndpoint, s3:// with --endpoint, ...) before
    // anything touches it; the demo inputs go to the run root.
    FileSystems.setDefaultPipelineOptions(leaseOptions);
    layout.checkRoot();
    try (RunLease lease =
        RunLeases.acquire(layout, RunLeases.Settings.of(leaseOptions), leaseOptions, "demo")) {
      runLeased(args, layout, lease);
    }
  }

  /**
   * Copies the built-in corpus and text into {@code <run>/inputs/} and adds them as {@code
   * --corpus} and {@code --predictInput} unless {@code args} names its own (also for {@code nightly
   * --protocol=demo}).
   */
  static void addInputs(List<String> args, RunLayout layout, PrintStream out) throws IOException {
    ResourceId corpus =
        DemoCorpus.copyTo(ResourceIO.childDirectory(layout.runDirectory(), "inputs/demo-corpus"));
    out.println("demo corpus: " + corpus);
    if (!Args.has(args, "corpus")) {
      for (String spec : DemoCorpus.corpusSpecs(corpus)) {
        args.add("--corpus=" + spec);
      }
    }
    if (!Args.has(args, "predictInput")) {
      ResourceId text = ResourceIO.childDirectory(layout.runDirectory(), "inputs/demo-text");
      args.add("--predictInput=" + DemoText.copyTo(text));
    }
  }

  /**
   * The flags {@link RunLeases} reads (lease settings and Beam's file-system options such as {@code
   * --gcsEndpoint}, {@code --endpoint}) out of the demo's command line, which also holds every
   * stage's options.
   */
  static List<String> leaseArgs(List<String> args) {
    List<String> kept = new ArrayList<>();
    for (String arg : args) {
      for (String name :
          List.of(
              "runRoot",
              "runId",
              "breakLease",
              "leaseTimeoutSeconds",
              "leaseHeartbeatSeconds",
              "gcsEndpoint",
              "credentialFactoryClass",
              "gcsHttpRequestReadTimeout",
              "gcsHttpRequestWriteTimeout",
              "project",
              "endpoint",
              "awsRegion",
              "awsCredentialsProvider",
              "s3ClientFactoryClass",
              "httpClientConfiguration",
              "proxyConfiguration")) {
        if (arg.equals("--" + name) || arg.startsWith("--" + name + "=")) {
          kept.add(arg);
        }
      }
    }
    return kept;
  }

  private void runLeased(List<String> args, RunLayout layout, RunLease lease) throws Exception {
    addInputs(args, layout, out);
    for (String[] option : DemoDefaults.OPTIONS) {
      Args.addDefault(args, option[0], option[1]);
    }
    args.removeIf(arg -> arg.startsWith("--stages="));
    args.add("--stages=" + String.join(",", STAGES));
    launcher.runStagesOrThrow(args, lease);
    out.println();
    out.println("demo outputs in " + layout.runDirectory());
    CommittedStage predict = CommittedStage.read(layout, StageArtifacts.PREDICT).orElseThrow();
    CommittedStage report = CommittedStage.read(layout, StageArtifacts.REPORT).orElseThrow();
    out.println("predictions: " + predict.directory(StageArtifacts.PREDICTIONS_JSONL));
    out.println("report: " + report.file(StageArtifacts.REPORT_HTML));
  }
}

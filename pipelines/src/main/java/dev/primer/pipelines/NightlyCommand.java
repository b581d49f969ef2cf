package dev.primer.pipelines;

import dev.primer.UserError;
import dev.primer.io.CommittedStage;
import dev.primer.io.ResourceIO;
import dev.primer.io.RunLayout;
import dev.primer.lease.RunLease;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.io.FileSystems;

/**
 * {@code ./primer nightly --protocol=demo|panx-mini|FILE --runRoot=R [--baseline=RUN_ID] [stage
 * options]}: runs a protocol ({@link NightlyProtocol}) as run {@code nightly-YYYYMMDD[-N]} under
 * {@code R}, then the drift gate ({@link DriftGate}) against the baseline: the given run, or the
 * latest completed nightly of the same protocol in {@code R}'s history ({@link NightlyHistory}).
 *
 * <p>Writes {@code <run>/nightly/drift.json} and the run's history record {@code
 * R/nightly/history/<runId>.json} (and the index {@code R/nightly/history.jsonl}). Exit 0 when the
 * run reproduced its baseline (or had none), 1 on drift, 2 when the run itself failed or the
 * command was wrong; the last line printed starts with {@code reproduced} or {@code drift:} (or,
 * when the run failed, {@code failed:}).
 */
final class NightlyCommand {

  static final String USAGE =
      "primer nightly --protocol=demo|panx-mini|FILE --runRoot=R [--baseline=RUN_ID] [stage"
          + " options]";

  static final String SUMMARY =
      "a protocol as run nightly-YYYYMMDD[-N], then a drift gate against the last nightly";

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

  private final Primer launcher;
  private final PrintStream out;
  private final PrintStream err;

  NightlyCommand(Primer launcher, PrintStream out, PrintStream err) {
    this.launcher = launcher;
    this.out = out;
    this.err = err;
  }

  int run(List<String> userArgs) throws Exception {
    List<String> args = new ArrayList<>(userArgs);
    String protocolSpec = take(args, "protocol");
    String baselineId = take(args, "baseline");
    String shared = Optional.ofNullable(take(args, "shared")).orElse("../shared");
    if (Args.has(args, "runId")) {
      throw new UserError("nightly names its runs nightly-YYYYMMDD[-N]; drop --runId");
    }
    NightlyProtocol protocol = NightlyProtocol.resolve(protocolSpec);
    Args.addDefault(args, "runRoot", "runs");
    String runRoot = Args.value(args, "runRoot").get();
    if (!runRoot.contains("://")) {
      runRoot = Path.of(runRoot).toAbsolutePath().normalize().toString();
      args.removeIf(a -> a.startsWith("--runRoot="));
      args.add("--runRoot=" + runRoot);
    }
    PrimerOptions leaseOptions =
        Primer.parseOptions(DemoCommand.leaseArgs(args), PrimerOptions.class);
    FileSystems.setDefaultPipelineOptions(leaseOptions);
    NightlyHistory history = new NightlyHistory(runRoot);
    RunLayout baseline = baseline(runRoot, baselineId, protocol, history);
    String sharedPath =
        shared.contains("://") ? shared : Path.of(shared).toAbsolutePath().normalize().toString();
    for (String flag : protocol.flags(sharedPath)) {
      String name = flag.substring(2, flag.indexOf('='));
      if (name.equals("corpus")) {
        if (!Args.has(userArgs, "corpus")) {
          args.add(flag);
        }
      } else {
        Args.addDefault(args, name, flag.substring(flag.indexOf('=') + 1));
      }
    }
    Args.addDefault(args, "stages", String.join(",", protocol.stages()));
    RunLayout layout = new RunLayout(runRoot, nextRunId(runRoot));
    layout.checkRoot();
    args.add("--runId=" + layout.runId());
    out.println(
        "nightly "
            + layout.runId()
            + ": protocol "
            + protocol.name()
            + " in "
            + layout.runDirectory()
            + (baseline == null ? "" : "; baseline " + baseline.runId()));
    String started = Instant.now().toString();
    List<String> leaseArgs = DemoCommand.leaseArgs(args);
    PrimerOptions options = Primer.parseOptions(leaseArgs, PrimerOptions.class);
    try (RunLease lease =
        RunLeases.acquire(layout, RunLeases.Settings.of(options), options, "nightly")) {
      try {
        if (protocol.demoInputs()) {
          DemoCommand.addInputs(args, layout, out);
        }
        launcher.runStagesOrThrow(args, lease);
      } catch (UserError e) {
        throw e;
      } catch (Exception e) {
        history.append(NightlyHistory.entry(layout, protocol, started, "failed", null, null));
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
          root = root.getCause();
        }
        err.println(
            "primer nightly: failed: "
                + root.getClass().getSimpleName()
                + ": "
                + root.getMessage());
        out.println("failed: run " + layout.runId() + " did not complete; no drift verdict");
        return 2;
      }
      DriftGate.Drift drift =
          baseline == null
              ? DriftGate.first(layout.runId(), protocol.name())
              : DriftGate.compare(baseline, layout, protocol);
      String where = DriftGate.write(layout, drift);
      history.append(
          NightlyHistory.entry(
              layout,
              protocol,
              started,
              drift.verdict(),
              drift.baseline(),
              drift.firstDriftingStage()));
      print(drift, where);
      return drift.reproduced() ? 0 : 1;
    }
  }

  private void print(DriftGate.Drift drift, String where) {
    out.println();
    for (DriftGate.StageDrift s : drift.stages()) {
      String state = s.differences().isEmpty() ? "same" : s.differences().size() + " differ";
      out.printf(
          "  %-10s %s%s%n",
          s.stage(),
          state,
          s.keyChanges().isEmpty() ? "" : "; changed: " + String.join("; ", s.keyChanges()));
      s.differences().stream()
          .limit(5)
          .forEach(
              d ->
                  out.println(
                      "    "
                          + d.kind()
                          + " "
                          + d.name()
                          + ": "
                          + d.baseline()
                          + " -> "
                          + d.current()));
      if (s.differences().size() > 5) {
        out.println("    ... " + (s.differences().size() - 5) + " more in " + where);
      }
    }
    out.println("drift report: " + where);
    out.println(drift.line());
  }

  /** The baseline run: the one named, or the latest completed nightly of the protocol. */
  private static RunLayout baseline(
      String runRoot, String named, NightlyProtocol protocol, NightlyHistory history)
      throws IOException {
    if (named != null) {
      RunLayout layout = new RunLayout(runRoot, named);
      boolean any = false;
      for (String stage : protocol.stages()) {
        any |= CommittedStage.read(layout, stage).isPresent();
      }
      if (!any) {
        throw new UserError(
            "--baseline="
                + named
                + ": no committed stage of protocol '"
                + protocol.name()
                + "' in "
                + layout.runDirectory());
      }
      return layout;
    }
    return history.latest(protocol.name()).map(e -> new RunLayout(runRoot, e.runId())).orElse(null);
  }

  /** {@code nightly-<UTC day>}, or the first {@code -N} (from 2) not yet used under the root. */
  private static String nextRunId(String runRoot) throws IOException {
    String base = "nightly-" + DAY.format(Instant.now());
    for (int n = 1; ; n++) {
      String id = n == 1 ? base : base + "-" + n;
      RunLayout layout = new RunLayout(runRoot, id);
      if (ResourceIO.list(layout.runDirectory() + "**").isEmpty()) {
        return id;
      }
    }
  }

  /** Removes {@code --name=value} from {@code args}; returns the last value, or null. */
  private static String take(List<String> args, String name) {
    String value = Args.value(args, name).orElse(null);
    args.removeIf(a -> a.equals("--" + name) || a.startsWith("--" + name + "="));
    return value;
  }
}

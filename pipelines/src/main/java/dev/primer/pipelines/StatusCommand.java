package dev.primer.pipelines;

import dev.primer.io.CommittedStage;
import dev.primer.io.ResourceIO;
import dev.primer.io.RunLayout;
import dev.primer.io.StageAttempts;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * {@code ./primer status --runRoot=R --runId=ID}: one line per stage of the run, in workflow order:
 * {@code committed} (cache key prefix, end time), {@code stale} (with why: a recorded upstream's
 * committed manifest is missing or has another cache key), or {@code missing}; indented below it,
 * attempts that the manifest does not name ({@code abandoned attempt}, or {@code attempt in
 * progress} while a lease holds the run) and a work area left to resume from. A first line names
 * the lease holder ({@code running: holder ..., host ..., pid ..., heartbeat ...}) when {@code
 * <run>/_LEASE.json} exists. Reads only; exit 0 (2 when there is no such run).
 */
final class StatusCommand extends RunCommand {

  static final String SUMMARY = "each stage of a run: committed, stale and why, missing, running";

  static final String USAGE = "primer status --runRoot=R --runId=ID";

  StatusCommand(StageRegistry registry, PrintStream out) {
    super(registry, out);
  }

  void run(List<String> args) throws IOException {
    RunLayout layout = layout(args);
    List<String> stages = RunStages.stages(layout, registry);
    out.println("run " + layout.runId() + " in " + layout.runDirectory());
    Optional<String> runLease = RunStages.lease(layout.lease());
    runLease.ifPresent(line -> out.println("running: " + line));
    for (String stage : stages) {
      ResourceId stageDirectory = layout.stageDirectory(stage);
      Optional<String> stageLease =
          RunStages.lease(ResourceIO.child(stageDirectory, RunLayout.LEASE));
      Optional<CommittedStage> committed = CommittedStage.read(layout, stage);
      String state;
      if (committed.isEmpty()) {
        state = "missing";
      } else {
        List<String> stale = RunStages.staleness(layout, committed.get().manifest());
        state =
            stale.isEmpty()
                ? "committed  key "
                    + RunStages.shortKey(committed.get().manifest().cacheKey)
                    + ", ended "
                    + committed.get().manifest().endTime
                    + (committed.get().ownsOutput()
                        ? ""
                        : ", output in " + committed.get().outputDirectory())
                : "stale      " + String.join("; ", stale);
      }
      out.printf("%-10s %s%n", stage, state);
      stageLease.ifPresent(line -> out.println("  running: " + line));
      boolean held = runLease.isPresent() || stageLease.isPresent();
      String named = committed.map(c -> c.manifest().attempt).orElse(null);
      for (String attempt : StageAttempts.attempts(stageDirectory)) {
        if (!attempt.equals(named)) {
          out.println(
              "  "
                  + (held ? "attempt in progress (or abandoned) " : "abandoned attempt ")
                  + attempt);
        }
      }
      if (!ResourceIO.list(layout.workDirectory(stage) + "**").isEmpty()) {
        out.println("  work area " + RunLayout.WORK + "/ (a rerun resumes from it)");
      }
    }
  }
}

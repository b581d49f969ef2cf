package dev.primer.pipelines;

import dev.primer.io.CommittedStage;
import dev.primer.io.RunLayout;
import dev.primer.io.StageAttempts;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./primer verify --runRoot=R --runId=ID}: checks every committed stage of the run against
 * its manifest: every listed file exists in the output directory the manifest names (the stage's
 * attempt, or a directory elsewhere, e.g. another run's) with its size and digest, no unlisted file
 * is there, and every recorded upstream cache key matches that upstream's committed manifest.
 * Prints one line per committed stage ({@code ok}, or the number of problems) and one line per bad
 * file with the reason. {@link #run} returns the exit status: 0 when everything holds, 1 otherwise;
 * no such run is a user error (2).
 */
final class VerifyCommand extends RunCommand {

  static final String SUMMARY = "checks every committed file of a run against its manifest";

  static final String USAGE = "primer verify --runRoot=R --runId=ID";

  VerifyCommand(StageRegistry registry, PrintStream out) {
    super(registry, out);
  }

  /** Verifies the run; returns 0 when every committed stage holds, 1 otherwise. */
  int run(List<String> args) throws IOException {
    RunLayout layout = layout(args);
    int committedStages = 0;
    int badStages = 0;
    for (String stage : RunStages.stages(layout, registry)) {
      Optional<CommittedStage> committed = CommittedStage.read(layout, stage);
      if (committed.isEmpty()) {
        continue;
      }
      committedStages++;
      CommittedStage c = committed.get();
      List<StageAttempts.BadFile> bad = StageAttempts.verify(c);
      List<String> stale = RunStages.staleness(layout, c.manifest());
      String where = c.ownsOutput() ? "" : " (output in " + c.outputDirectory() + ")";
      if (bad.isEmpty() && stale.isEmpty()) {
        out.printf(
            "%-10s ok, %s%s%n",
            stage,
            c.manifest().files == null
                ? "no file list (committed before manifests listed files)"
                : c.manifest().files.size() + " files",
            where);
        continue;
      }
      badStages++;
      out.printf(
          "%-10s %d bad file%s%s%s%n",
          stage,
          bad.size(),
          bad.size() == 1 ? "" : "s",
          stale.isEmpty() ? "" : ", " + String.join("; ", stale),
          where);
      for (StageAttempts.BadFile f : bad) {
        out.println("  " + c.outputDirectory() + f.path() + ": " + f.reason());
      }
    }
    if (committedStages == 0) {
      out.println("no stage of run '" + layout.runId() + "' has committed: nothing to verify");
    }
    out.println(
        badStages == 0
            ? "verify: all " + committedStages + " committed stages hold"
            : "verify: " + badStages + " of " + committedStages + " committed stages do not hold");
    return badStages == 0 ? 0 : 1;
  }
}

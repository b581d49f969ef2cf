package dev.primer.pipelines;

import dev.primer.UserError;
import dev.primer.io.CommittedStage;
import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import dev.primer.io.RunLayout;
import dev.primer.io.StageAttempts;
import dev.primer.io.StageReuse;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./primer run --reuse}: starts a run from another run's committed stages (what TFX calls a
 * partial run). Syntax, one or more flags:
 *
 * <ul>
 *   <li>{@code --reuse=SOURCE}: every stage committed in SOURCE that this run does not run itself
 *       and that comes before the last stage it runs, in workflow order;
 *   <li>{@code --reuse=STAGE,STAGE,...@SOURCE}: exactly those stages; each must be committed in
 *       SOURCE, or the launcher stops (exit 2) naming those that are not.
 * </ul>
 *
 * <p>SOURCE is a run id under this run's {@code --runRoot}: the stage is reused by reference
 * ({@link StageReuse#reference}: {@code <runRoot>/<runId>/<stage>/_MANIFEST.json} points at the
 * source's attempt directory; nothing is copied). Or SOURCE is {@code ROOT/RUN_ID}, a path or URI
 * of a run under another root ({@code gs://bucket/runs/X}, {@code /data/runs/X}): the stage is
 * copied, each file checked against the source manifest's size and digest ({@link
 * StageReuse#copy}); a copy that does not match is refused (exit 2, naming the file). A {@code
 * ROOT/RUN_ID} naming this run's own root is a reference too.
 *
 * <p>Either way the new run's manifest carries the source's cache key, so downstream stages key and
 * read exactly as they would in the source run, and {@code reusedFrom} records the lineage. A
 * reused stage is never computed. A stage already reused from the same source manifest with the
 * same key is left as it is; any other committed output of the stage in this run is replaced (the
 * new manifest is the commit; this run's own attempts of the stage are removed after it). Nothing
 * in the source run is ever written or deleted: every removal is in this run's stage directory.
 */
final class RunReuse {

  private static final Logger LOG = LoggerFactory.getLogger(RunReuse.class);

  /** The flag's name. */
  static final String FLAG = "reuse";

  /**
   * One {@code --reuse} flag.
   *
   * @param spec the flag's value, for messages
   * @param stages the stages named, empty for every committed upstream stage
   * @param source the source run
   */
  record Request(String spec, List<String> stages, RunLayout source) {}

  private final StageRegistry registry;
  private final PrintStream out;

  RunReuse(StageRegistry registry, PrintStream out) {
    this.registry = registry;
    this.out = out;
  }

  /**
   * Parses every {@code --reuse=...} flag of a command line (Beam would split a value at its
   * commas, losing which stages go with which source, so the flags are read as given).
   *
   * @param runRoot this run's root: where a SOURCE without '/' lives
   */
  static List<Request> parse(List<String> args, String runRoot) {
    List<Request> requests = new ArrayList<>();
    String prefix = "--" + FLAG + "=";
    for (String arg : args) {
      if (!arg.startsWith(prefix)) {
        continue;
      }
      String spec = arg.substring(prefix.length()).trim();
      int at = spec.indexOf('@');
      List<String> stages = new ArrayList<>();
      String source = spec;
      if (at >= 0) {
        source = spec.substring(at + 1).trim();
        for (String stage : spec.substring(0, at).split(",")) {
          if (!stage.isBlank()) {
            stages.add(stage.trim());
          }
        }
        if (stages.isEmpty()) {
          throw new UserError(
              "--reuse=" + spec + " names no stage before '@' (write --reuse=prime,pretrain@RUN)");
        }
      }
      requests.add(new Request(spec, List.copyOf(stages), sourceLayout(spec, source, runRoot)));
    }
    return requests;
  }

  private static RunLayout sourceLayout(String spec, String source, String runRoot) {
    String trimmed = source;
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    if (trimmed.isEmpty()) {
      throw new UserError("--reuse=" + spec + " names no run (write --reuse=RUN_ID)");
    }
    int slash = trimmed.lastIndexOf('/');
    String root = slash < 0 ? runRoot : trimmed.substring(0, slash + 1);
    String runId = trimmed.substring(slash + 1);
    try {
      return new RunLayout(root, runId);
    } catch (UserError e) {
      throw new UserError(
          "--reuse="
              + spec
              + ": '"
              + runId
              + "' is not a run id (one path segment of letters, digits, '.', '_' or '-'); write"
              + " RUN_ID or ROOT/RUN_ID",
          e);
    }
  }

  /**
   * Commits, in {@code target}, every stage the requests reuse; returns the names of those stages.
   * Checks everything before writing anything: a stage both run and reused, reused twice, unknown,
   * or not committed in its source is a {@link UserError}, with all such stages in one message.
   *
   * @param running the stages this run computes, in the order given
   */
  List<String> apply(List<Request> requests, RunLayout target, List<Stage<?, ?>> running)
      throws IOException {
    if (requests.isEmpty()) {
      return List.of();
    }
    Map<String, Request> chosenFrom = new LinkedHashMap<>();
    Map<String, CommittedStage> chosen = select(requests, target, running, chosenFrom);
    // Copies are made and checked for every stage before any manifest is written: a refused copy
    // commits nothing.
    List<Pending> pending = new ArrayList<>();
    try {
      for (Map.Entry<String, CommittedStage> entry : chosen.entrySet()) {
        pending.add(prepare(entry.getValue(), chosenFrom.get(entry.getKey()).source(), target));
      }
    } catch (IOException | RuntimeException e) {
      for (Pending p : pending) {
        p.discard(target, e);
      }
      throw e;
    }
    List<String> reused = new ArrayList<>();
    for (Pending p : pending) {
      p.commit(target, out);
      reused.add(p.stage());
    }
    return reused;
  }

  /**
   * Checks the requests without writing anything (a {@link UserError} names every problem): the
   * launcher calls it before it takes the run's lease, so a refused {@code --reuse} leaves no
   * trace.
   */
  void check(List<Request> requests, RunLayout target, List<Stage<?, ?>> running)
      throws IOException {
    if (!requests.isEmpty()) {
      select(requests, target, running, new LinkedHashMap<>());
    }
  }

  /** The committed source of every reused stage; fills {@code chosenFrom} with its request. */
  private Map<String, CommittedStage> select(
      List<Request> requests,
      RunLayout target,
      List<Stage<?, ?>> running,
      Map<String, Request> chosenFrom)
      throws IOException {
    List<String> order = registry.all().stream().map(Stage::name).toList();
    List<String> runNames = running.stream().map(Stage::name).toList();
    int last = runNames.stream().mapToInt(order::indexOf).max().orElse(-1);
    Map<String, CommittedStage> chosen = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Request request : requests) {
      if (sameRun(request.source(), target)) {
        throw new UserError(
            "--reuse=" + request.spec() + " names this run itself (" + target + ")");
      }
      if (request.stages().isEmpty()) {
        int found = 0;
        for (String stage : order.subList(0, Math.max(0, last))) {
          if (runNames.contains(stage)) {
            continue;
          }
          Optional<CommittedStage> committed = CommittedStage.read(request.source(), stage);
          if (committed.isPresent()) {
            found++;
            choose(stage, committed.get(), request, chosen, chosenFrom, problems);
          }
        }
        if (found == 0) {
          problems.add(
              "run "
                  + request.source()
                  + " has no committed stage before '"
                  + (last >= 0 ? order.get(last) : "")
                  + "' that this run does not run itself");
        }
        continue;
      }
      for (String stage : request.stages()) {
        if (registry.find(stage).isEmpty()) {
          problems.add("'" + stage + "' is not a stage (stages: " + registry.names() + ")");
        } else if (runNames.contains(stage)) {
          problems.add("stage '" + stage + "' is both in --stages and reused");
        } else {
          Optional<CommittedStage> committed = CommittedStage.read(request.source(), stage);
          if (committed.isEmpty()) {
            problems.add(
                "stage '"
                    + stage
                    + "' is not committed in run "
                    + request.source()
                    + " ("
                    + request.source().manifest(stage)
                    + " does not exist)");
          } else {
            choose(stage, committed.get(), request, chosen, chosenFrom, problems);
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new UserError("cannot --reuse: " + String.join("; ", problems));
    }
    return chosen;
  }

  private static void choose(
      String stage,
      CommittedStage committed,
      Request request,
      Map<String, CommittedStage> chosen,
      Map<String, Request> chosenFrom,
      List<String> problems) {
    Request earlier = chosenFrom.get(stage);
    if (earlier != null) {
      problems.add(
          "stage '"
              + stage
              + "' is reused twice (--reuse="
              + earlier.spec()
              + " and --reuse="
              + request.spec()
              + ")");
      return;
    }
    chosen.put(stage, committed);
    chosenFrom.put(stage, request);
  }

  /**
   * A reused stage ready to commit.
   *
   * @param manifest the manifest to publish, or null when the stage is already reused alike
   * @param copiedAttempt the attempt of the target holding a verified copy, or null (reference)
   */
  private record Pending(
      String stage,
      RunLayout source,
      Manifest manifest,
      String copiedAttempt,
      CommittedStage current) {

    void discard(RunLayout target, Exception failure) {
      if (copiedAttempt == null) {
        return;
      }
      try {
        StageAttempts.removeTree(target.attemptDirectory(stage, copiedAttempt));
      } catch (IOException | RuntimeException cleanup) {
        failure.addSuppressed(cleanup);
      }
    }

    void commit(RunLayout target, PrintStream out) throws IOException {
      if (manifest == null) {
        out.println(
            stage
                + ": reused from run "
                + source.runId()
                + " (up to date) -> "
                + current.outputDirectory());
        return;
      }
      // The commit: one file, written last.
      ResourceIO.publish(target.manifest(stage), manifest.toJson());
      out.println(
          stage
              + ": reused from run "
              + source
              + (copiedAttempt == null ? " by reference" : " by verified copy")
              + " -> "
              + CommittedStage.outputDirectory(target.stageDirectory(stage), manifest));
      removeOwnEarlierOutput(target, stage, copiedAttempt);
    }
  }

  /** Makes (and for a copy, checks) what commits one reused stage in {@code target}. */
  private static Pending prepare(CommittedStage source, RunLayout sourceLayout, RunLayout target)
      throws IOException {
    String stage = source.stage();
    Optional<CommittedStage> current = CommittedStage.read(target, stage);
    if (current.isPresent() && alreadyReused(current.get().manifest(), source)) {
      return new Pending(stage, sourceLayout, null, null, current.get());
    }
    if (sameRoot(sourceLayout, target)) {
      return new Pending(
          stage,
          sourceLayout,
          StageReuse.reference(source, sourceLayout, target),
          null,
          current.orElse(null));
    }
    // Attempts of this run's stage directory that no manifest names are abandoned; the copy goes
    // into a fresh attempt, which the manifest commits.
    String keep =
        current.filter(CommittedStage::ownsOutput).map(c -> c.manifest().attempt).orElse(null);
    StageAttempts.removeAbandoned(target.stageDirectory(stage), keep, null);
    String attempt = RunLayout.newAttemptName();
    try {
      Manifest manifest = StageReuse.copy(source, sourceLayout, target, attempt);
      return new Pending(stage, sourceLayout, manifest, attempt, current.orElse(null));
    } catch (IOException | RuntimeException e) {
      new Pending(stage, sourceLayout, null, attempt, null).discard(target, e);
      throw e;
    }
  }

  /**
   * After the commit: removes this run's own earlier attempts of the stage and its work area, never
   * anything outside {@code <target>/<stage>/} (a reference's output belongs to the source run).
   */
  private static void removeOwnEarlierOutput(RunLayout target, String stage, String keep) {
    try {
      if (keep != null) {
        StageAttempts.removeAllBut(target.stageDirectory(stage), keep);
      } else {
        StageAttempts.removeAbandoned(target.stageDirectory(stage), null, null);
        StageAttempts.removeTree(target.workDirectory(stage));
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "stage '{}' reused, but removing its earlier attempts in {} failed: {}",
          stage,
          target.stageDirectory(stage),
          e.toString());
    }
  }

  private static boolean alreadyReused(Manifest current, CommittedStage source) {
    return current.reusedFrom != null
        && source.manifestFile().toString().equals(current.reusedFrom.manifest)
        && Objects.equals(source.manifest().cacheKey, current.cacheKey)
        && source.outputDirectory().toString().equals(current.reusedFrom.output);
  }

  private static boolean sameRoot(RunLayout a, RunLayout b) {
    return rootOf(a).equals(rootOf(b));
  }

  private static boolean sameRun(RunLayout a, RunLayout b) {
    return sameRoot(a, b) && a.runId().equals(b.runId());
  }

  private static String rootOf(RunLayout layout) {
    return ResourceIO.directory(layout.runRoot()).toString();
  }
}

package dev.primer.pipelines;

import dev.primer.io.BeamTempDirectories;
import dev.primer.io.BuildInfo;
import dev.primer.io.CommittedStage;
import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import dev.primer.io.RunLayout;
import dev.primer.io.StageAttempts;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one stage under the run contract every stage shares: inputs checked before anything is
 * written; output reused when the cache key is unchanged (unless {@code --force}); each run of the
 * stage writes into a fresh attempt directory {@code <stage>/attempt-<UTC time>-<hex>/} that no
 * reader looks into; the attempt commits by writing {@code <stage>/_MANIFEST.json} (one file, the
 * last step), which names the attempt and lists its every file with size and digest. Until then the
 * previous committed output stays intact and readable; after it, the previous attempt, abandoned
 * attempts and the work area are removed (best effort). A kill at any moment leaves either the
 * previous commit or the new one; the next run removes the abandoned attempt.
 *
 * <p>Ordering with the run's lease: the launcher ({@link Primer}: a stage command, {@code run},
 * {@code demo}) takes the lease {@code <runRoot>/<runId>/_LEASE.json} ({@link RunLeases}) before it
 * calls {@link #run} for the first stage, and releases it after the last. So everything the runner
 * removes (stale output, abandoned attempts) and writes happens under the lease; a launcher refused
 * the lease has called no runner and written nothing. Right before each commit the launcher's
 * {@link CommitCheck} confirms the lease with a conditional write, so a launcher whose lease was
 * broken or taken over while its stage ran fails uncommitted. Callers that run stages without the
 * launcher (tests, embedding code) must not share a run with a launcher.
 */
public final class StageRunner {

  private static final Logger LOG = LoggerFactory.getLogger(StageRunner.class);

  /** What happened to a stage. */
  public enum Status {
    /** The stage ran and its output is complete. */
    COMPLETED,
    /** The stored output was already complete for the same cache key. */
    UP_TO_DATE
  }

  /**
   * The outcome of running a stage.
   *
   * @param directory the committed output directory (the attempt the manifest names)
   */
  public record Outcome(Status status, Manifest manifest, ResourceId directory) {}

  /**
   * What must hold right before a stage commits; the launcher passes its lease's {@code confirm}
   * (see the class comment), so that a launcher that lost its lease while the stage ran throws here
   * instead of committing.
   */
  @FunctionalInterface
  public interface CommitCheck {
    /** Throws when the commit must not happen. */
    void check() throws Exception;

    /** For callers that hold no lease (tests, embedding code). */
    CommitCheck NONE = () -> {};
  }

  private StageRunner() {}

  /** Runs (or reuses) a stage with no check before the commit. */
  public static <O extends PrimerOptions, P> Outcome run(Stage<O, P> stage, PrimerOptions options)
      throws Exception {
    return run(stage, options, CommitCheck.NONE);
  }

  /**
   * Runs (or reuses) a stage; {@code beforeCommit} runs after the attempt's files are listed and
   * right before the manifest is written. Exceptions propagate; no manifest is written when one
   * escapes, and the attempt is then removed as abandoned by the next run.
   */
  public static <O extends PrimerOptions, P> Outcome run(
      Stage<O, P> stage, PrimerOptions options, CommitCheck beforeCommit) throws Exception {
    O typed = options.as(stage.optionsClass());
    FileSystems.setDefaultPipelineOptions(typed);
    RunLayout layout = new RunLayout(typed.getRunRoot(), typed.getRunId());
    layout.checkRoot();
    ResourceId stageDirectory = layout.stageDirectory(stage.name());
    ResourceId manifestFile = layout.manifest(stage.name());
    // The launcher holds the run's lease (see the class comment). Everything below, the removal of
    // abandoned attempts first, assumes so: another launcher's attempt in progress looks abandoned.
    long contractNanos = System.nanoTime();
    Optional<CommittedStage> committed = CommittedStage.read(layout, stage.name());
    removeAbandonedAttempts(stage.name(), stageDirectory, committed);
    contractNanos = System.nanoTime() - contractNanos;

    Manifest manifest = new Manifest();
    manifest.stage = stage.name();
    manifest.runId = layout.runId();
    manifest.seed = typed.getSeed();
    manifest.options = StageOptionsRecorder.configuration(typed, stage.optionsClass());
    StageContext context =
        new StageContext(stage.name(), layout, manifest, RunLayout.newAttemptName());

    P plan = stage.plan(typed, context);
    manifest.cacheKeyParts = CacheKey.parts(manifest);
    manifest.cacheKey = CacheKey.of(manifest.cacheKeyParts);

    boolean force = Boolean.TRUE.equals(typed.getForce());
    if (!force && committed.isPresent()) {
      if (manifest.cacheKey.equals(committed.get().manifest().cacheKey)) {
        LOG.info(
            "stage '{}' is up to date in {} (cache key {}); --force reruns it",
            stage.name(),
            committed.get().outputDirectory(),
            shortKey(manifest.cacheKey));
        return new Outcome(
            Status.UP_TO_DATE, committed.get().manifest(), committed.get().outputDirectory());
      }
      manifest.rerunReasons =
          RerunReasons.between(committed.get().manifest().cacheKeyParts, manifest.cacheKeyParts);
    } else if (force && committed.isPresent()) {
      manifest.rerunReasons = java.util.List.of("--force");
    }
    if (manifest.rerunReasons != null) {
      LOG.info("stage '{}' reruns: {}", stage.name(), String.join("; ", manifest.rerunReasons));
    }
    if (force) {
      int removed = StageAttempts.removeTree(context.workDirectory());
      if (removed > 0) {
        LOG.info("--force: removed {} files of the work area {}", removed, context.workDirectory());
      }
    }
    ResourceId attemptDirectory = context.outputDirectory();
    committed.ifPresent(
        c ->
            LOG.info(
                "stage '{}' reruns; its committed output {} stays readable until the new attempt"
                    + " commits",
                stage.name(),
                c.outputDirectory()));

    Instant start = Instant.now();
    manifest.startTime = start.toString();
    LOG.info("stage '{}' starting; output in {}", stage.name(), attemptDirectory);
    stage.run(typed, plan, context);
    BeamTempDirectories.removeEmpty(attemptDirectory);
    Instant end = Instant.now();
    manifest.endTime = end.toString();
    manifest.durationSeconds = Duration.between(start, end).toMillis() / 1000.0;
    manifest.versions.putAll(BuildInfo.versions());
    manifest.versions.put("runner", typed.getRunner().getSimpleName());
    long commitStart = System.nanoTime();
    manifest.attempt = context.attempt();
    manifest.files = StageAttempts.describe(attemptDirectory);
    beforeCommit.check();
    // The commit: one file, written last.
    ResourceIO.publish(manifestFile, manifest.toJson());
    try {
      int removed = StageAttempts.removeAllBut(stageDirectory, context.attempt());
      if (removed > 0) {
        LOG.info(
            "removed {} files of earlier '{}' attempts and its work area", removed, stage.name());
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "stage '{}' committed, but removing its earlier attempts in {} failed: {}",
          stage.name(),
          stageDirectory,
          e.toString());
    }
    contractNanos += System.nanoTime() - commitStart;
    LOG.info(
        "stage '{}' complete in {} s; manifest {} ({} files listed; attempt bookkeeping {} ms)",
        stage.name(),
        manifest.durationSeconds,
        manifestFile,
        manifest.files.size(),
        contractNanos / 1_000_000);
    return new Outcome(Status.COMPLETED, manifest, attemptDirectory);
  }

  /**
   * Removes the attempts of a stage that its committed manifest does not name: those of runs that
   * were killed or failed. Only a launcher holding the run's lease may call this.
   */
  static void removeAbandonedAttempts(
      String stage, ResourceId stageDirectory, Optional<CommittedStage> committed)
      throws IOException {
    String keep =
        committed.filter(CommittedStage::ownsOutput).map(c -> c.manifest().attempt).orElse(null);
    List<String> removed = StageAttempts.removeAbandoned(stageDirectory, keep, null);
    for (String attempt : removed) {
      LOG.info("stage '{}': removed the abandoned attempt {}", stage, attempt);
    }
  }

  private static String shortKey(String key) {
    return key.substring(0, Math.min(12, key.length()));
  }
}

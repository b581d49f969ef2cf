package dev.primer.pipelines;

import dev.primer.io.BeamTempDirectories;
import dev.primer.io.BuildInfo;
import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import dev.primer.io.RunLayout;
import java.time.Duration;
import java.time.Instant;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one stage with the guarantees every stage shares: inputs checked before anything is written;
 * output reused when the cache key is unchanged (unless {@code --force}); stale or partial output
 * removed before a rerun; the manifest written last, atomically, so its presence means the output
 * is complete.
 *
 * <p>Ordering with the run's lease: the launcher ({@link Primer}: a stage command, {@code run},
 * {@code demo}) takes the lease {@code <runRoot>/<runId>/_LEASE.json} ({@link RunLeases}) before it
 * calls {@link #run} for the first stage, and releases it after the last. So everything the runner
 * removes (stale output, abandoned attempts) and writes happens under the lease; a launcher refused
 * the lease has called no runner and written nothing. Callers that run stages without the launcher
 * (tests, embedding code) must not share a run with a launcher.
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

  /** The outcome of running a stage. */
  public record Outcome(Status status, Manifest manifest, ResourceId directory) {}

  private StageRunner() {}

  /** Runs (or reuses) a stage. Exceptions propagate; no manifest is written when one escapes. */
  public static <O extends PrimerOptions, P> Outcome run(Stage<O, P> stage, PrimerOptions options)
      throws Exception {
    O typed = options.as(stage.optionsClass());
    FileSystems.setDefaultPipelineOptions(typed);
    RunLayout layout = new RunLayout(typed.getRunRoot(), typed.getRunId());
    layout.checkRoot();
    Manifest manifest = new Manifest();
    manifest.stage = stage.name();
    manifest.runId = layout.runId();
    manifest.seed = typed.getSeed();
    manifest.options = StageOptionsRecorder.configuration(typed, stage.optionsClass());
    StageContext context = new StageContext(stage.name(), layout, manifest);

    P plan = stage.plan(typed, context);
    manifest.cacheKeyParts = CacheKey.parts(manifest);
    manifest.cacheKey = CacheKey.of(manifest.cacheKeyParts);

    ResourceId directory = layout.stageDirectory(stage.name());
    ResourceId manifestFile = layout.manifest(stage.name());
    if (!Boolean.TRUE.equals(typed.getForce()) && ResourceIO.exists(manifestFile)) {
      Manifest stored = Manifest.fromJson(ResourceIO.readString(manifestFile));
      if (manifest.cacheKey.equals(stored.cacheKey)) {
        LOG.info(
            "stage '{}' is up to date in {} (cache key {}); --force reruns it",
            stage.name(),
            directory,
            shortKey(manifest.cacheKey));
        return new Outcome(Status.UP_TO_DATE, stored, directory);
      }
      manifest.rerunReasons = RerunReasons.between(stored.cacheKeyParts, manifest.cacheKeyParts);
    } else if (Boolean.TRUE.equals(typed.getForce()) && ResourceIO.exists(manifestFile)) {
      manifest.rerunReasons = java.util.List.of("--force");
    }
    if (manifest.rerunReasons != null) {
      LOG.info("stage '{}' reruns: {}", stage.name(), String.join("; ", manifest.rerunReasons));
    }
    int removed =
        Boolean.TRUE.equals(typed.getForce())
            ? ResourceIO.deleteTree(directory)
            : ResourceIO.deleteTree(directory, stage::keepsOnRerun);
    if (removed > 0) {
      LOG.info(
          "removed {} files of an earlier '{}' output in {}", removed, stage.name(), directory);
    }

    Instant start = Instant.now();
    manifest.startTime = start.toString();
    LOG.info("stage '{}' starting; output in {}", stage.name(), directory);
    stage.run(typed, plan, context);
    BeamTempDirectories.removeEmpty(directory);
    Instant end = Instant.now();
    manifest.endTime = end.toString();
    manifest.durationSeconds = Duration.between(start, end).toMillis() / 1000.0;
    manifest.versions.putAll(BuildInfo.versions());
    manifest.versions.put("runner", typed.getRunner().getSimpleName());
    ResourceIO.writeStringAtomically(manifestFile, manifest.toJson());
    LOG.info(
        "stage '{}' complete in {} s; manifest {}",
        stage.name(),
        manifest.durationSeconds,
        manifestFile);
    return new Outcome(Status.COMPLETED, manifest, directory);
  }

  private static String shortKey(String key) {
    return key.substring(0, Math.min(12, key.length()));
  }
}

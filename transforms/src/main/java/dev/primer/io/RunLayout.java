package dev.primer.io;

import dev.primer.UserError;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Where a run's stages read and write. A stage's directory {@code <runRoot>/<runId>/<stage>/}
 * holds:
 *
 * <ul>
 *   <li>{@code attempt-<yyyyMMdd'T'HHmmss>-<hex>/}: one directory per run of the stage (an
 *       attempt); the stage writes its output only there, and nobody reads an attempt except
 *       through a manifest that names it;
 *   <li>{@code _MANIFEST.json}: the commit, written last as one file: it names the committed
 *       attempt and lists its every file with size and digest ({@link Manifest}, read with {@link
 *       CommittedStage});
 *   <li>{@code _work/}: work that survives a failed attempt so that the next one resumes (e.g.
 *       {@code prime/_work/<variant>/steps/}), removed once an attempt commits.
 * </ul>
 *
 * <p>Artifact paths such as {@code vocab/tokenizer.json} ({@link StageArtifacts}) are relative to
 * the committed output directory ({@link CommittedStage#outputDirectory()}), which for runs written
 * before attempts existed is the stage directory itself.
 */
public final class RunLayout implements Serializable {

  /** Name of the file whose presence marks a stage's output as complete. */
  public static final String MANIFEST = "_MANIFEST.json";

  /** The prefix of attempt directories: {@code attempt-<yyyyMMdd'T'HHmmss>-<hex>/}. */
  public static final String ATTEMPT_PREFIX = "attempt-";

  /** The stage's work area that outlives failed attempts, {@code <stage>/_work/}. */
  public static final String WORK = "_work";

  /**
   * The run lease, {@code <runRoot>/<runId>/_LEASE.json}: present while a launcher holds the run.
   */
  public static final String LEASE = "_LEASE.json";

  private static final DateTimeFormatter ATTEMPT_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String runRoot;
  private final String runId;

  /**
   * A layout for one run.
   *
   * @param runRoot local path or URI (gs://bucket/prefix) holding runs
   * @param runId name of the run, a safe path segment
   * @throws UserError when either is not usable
   */
  public RunLayout(String runRoot, String runId) {
    if (runRoot == null || runRoot.isBlank()) {
      throw new UserError("--runRoot must name a directory or URI");
    }
    if (runId == null || !runId.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new UserError(
          "--runId must be one path segment of letters, digits, '.', '_' or '-' starting with a"
              + " letter or digit (no '/', no '..', not absolute, not empty), got '"
              + runId
              + "'");
    }
    this.runRoot = runRoot;
    this.runId = runId;
  }

  /**
   * Fails with a {@link UserError} when the run root, or a directory above it, is an existing local
   * file: no stage could write under it. (Object stores have no such files.)
   */
  public void checkRoot() {
    Path path;
    try {
      if (runRoot.startsWith("file:")) {
        path = Path.of(URI.create(runRoot));
      } else if (runRoot.contains("://")) {
        return;
      } else {
        path = Path.of(runRoot);
      }
    } catch (IllegalArgumentException e) {
      throw new UserError("--runRoot '" + runRoot + "' is not a usable path: " + e.getMessage());
    }
    for (Path p = path.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p) && !Files.isDirectory(p)) {
        throw new UserError(
            "--runRoot '" + runRoot + "' cannot hold runs: " + p + " is a file, not a directory");
      }
    }
  }

  /** The run root as given. */
  public String runRoot() {
    return runRoot;
  }

  /** The run id. */
  public String runId() {
    return runId;
  }

  /** {@code <runRoot>/<runId>/}. */
  public ResourceId runDirectory() {
    return ResourceIO.childDirectory(ResourceIO.directory(runRoot), runId);
  }

  /**
   * {@code <runRoot>/<runId>/<stage>/}: the manifest, the attempts and the work area. Outputs are
   * below the committed attempt ({@link CommittedStage}), not here.
   */
  public ResourceId stageDirectory(String stage) {
    return ResourceIO.childDirectory(runDirectory(), stage);
  }

  /** {@code <runRoot>/<runId>/<stage>/<attempt>/}: the directory of one attempt. */
  public ResourceId attemptDirectory(String stage, String attempt) {
    return ResourceIO.childDirectory(stageDirectory(stage), attempt);
  }

  /** {@code <runRoot>/<runId>/<stage>/_work/}: resumable work that outlives failed attempts. */
  public ResourceId workDirectory(String stage) {
    return ResourceIO.childDirectory(stageDirectory(stage), WORK);
  }

  /** {@code <runRoot>/<runId>/_LEASE.json}. */
  public ResourceId lease() {
    return ResourceIO.child(runDirectory(), LEASE);
  }

  /**
   * A fresh attempt name, {@code attempt-<UTC yyyyMMdd'T'HHmmss>-<8 random hex digits>}: sorts by
   * start time, and two launchers starting in the same second do not collide.
   */
  public static String newAttemptName() {
    return ATTEMPT_PREFIX
        + ATTEMPT_TIME.format(Instant.now())
        + "-"
        + String.format("%08x", RANDOM.nextInt());
  }

  /** True for a name {@link #newAttemptName} could have produced. */
  public static boolean isAttemptName(String name) {
    return name.startsWith(ATTEMPT_PREFIX) && !name.contains("/");
  }

  /**
   * A file (relative path, may contain '/') directly inside a stage's directory (the manifest, the
   * work area); an output file is {@link CommittedStage#file} instead.
   */
  public ResourceId stageFile(String stage, String relativePath) {
    return ResourceIO.child(stageDirectory(stage), relativePath);
  }

  /**
   * A sub-directory (relative path) directly inside a stage's directory; an output directory is
   * {@link CommittedStage#directory} instead.
   */
  public ResourceId stageSubdirectory(String stage, String relativePath) {
    return ResourceIO.childDirectory(stageDirectory(stage), relativePath);
  }

  /** The manifest of a stage. */
  public ResourceId manifest(String stage) {
    return stageFile(stage, MANIFEST);
  }

  @Override
  public String toString() {
    return runDirectory().toString();
  }
}

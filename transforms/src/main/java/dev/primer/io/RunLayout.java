package dev.primer.io;

import dev.primer.UserError;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Where a run's stages read and write: {@code <runRoot>/<runId>/<stage>/}. Every stage writes only
 * below its own directory and ends by writing {@code _MANIFEST.json} there.
 */
public final class RunLayout implements Serializable {

  /** Name of the file whose presence marks a stage's output as complete. */
  public static final String MANIFEST = "_MANIFEST.json";

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

  /** {@code <runRoot>/<runId>/<stage>/}. */
  public ResourceId stageDirectory(String stage) {
    return ResourceIO.childDirectory(runDirectory(), stage);
  }

  /** A file (relative path, may contain '/') inside a stage's directory. */
  public ResourceId stageFile(String stage, String relativePath) {
    return ResourceIO.child(stageDirectory(stage), relativePath);
  }

  /** A sub-directory (relative path) of a stage's directory. */
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

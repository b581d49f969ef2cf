package dev.primer.io;

import java.io.Serializable;
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
   */
  public RunLayout(String runRoot, String runId) {
    if (runRoot == null || runRoot.isBlank()) {
      throw new IllegalArgumentException("--runRoot must name a directory or URI");
    }
    if (runId == null || !runId.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException(
          "--runId must be letters, digits, '.', '_' or '-' (and start with a letter or digit), got '"
              + runId
              + "'");
    }
    this.runRoot = runRoot;
    this.runId = runId;
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

package dev.primer.io;

import java.io.IOException;
import java.util.Optional;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * A stage as its committed manifest describes it: the only way anything reads a stage's output. The
 * output directory is the attempt the manifest names ({@code <stage>/<attempt>/}, or an absolute
 * directory URI the manifest names, e.g. in another run); for a manifest written before attempts
 * existed (no {@code attempt}), the stage directory itself. An attempt that no manifest names is
 * never read: it is partial, or abandoned, or not committed yet.
 *
 * @param stage the stage's name
 * @param stageDirectory {@code <runRoot>/<runId>/<stage>/}
 * @param manifestFile {@code <stage>/_MANIFEST.json}
 * @param manifest the parsed manifest
 * @param outputDirectory the committed output directory, ending in '/'
 */
public record CommittedStage(
    String stage,
    ResourceId stageDirectory,
    ResourceId manifestFile,
    Manifest manifest,
    ResourceId outputDirectory) {

  /** The committed stage of a run, or empty when the stage has no manifest (not committed). */
  public static Optional<CommittedStage> read(RunLayout layout, String stage) throws IOException {
    return read(stage, layout.stageDirectory(stage));
  }

  /**
   * The committed stage in a stage directory (any run, any root), or empty when it holds no
   * manifest.
   */
  public static Optional<CommittedStage> read(String stage, ResourceId stageDirectory)
      throws IOException {
    ResourceId manifestFile = ResourceIO.child(stageDirectory, RunLayout.MANIFEST);
    if (!ResourceIO.exists(manifestFile)) {
      return Optional.empty();
    }
    Manifest manifest = Manifest.fromJson(ResourceIO.readString(manifestFile));
    return Optional.of(
        new CommittedStage(
            stage,
            stageDirectory,
            manifestFile,
            manifest,
            outputDirectory(stageDirectory, manifest)));
  }

  /**
   * The directory holding a manifest's output: {@code stageDirectory} itself when the manifest
   * names no attempt (written before attempts existed), the absolute directory it names, or the
   * attempt below {@code stageDirectory}.
   */
  public static ResourceId outputDirectory(ResourceId stageDirectory, Manifest manifest) {
    String attempt = manifest.attempt;
    if (attempt == null || attempt.isEmpty()) {
      return stageDirectory;
    }
    if (isAbsolute(attempt)) {
      return ResourceIO.directory(attempt.endsWith("/") ? attempt : attempt + "/");
    }
    if (!RunLayout.isAttemptName(attempt)) {
      throw new IllegalArgumentException(
          "manifest of stage '"
              + manifest.stage
              + "' names attempt '"
              + attempt
              + "', which is neither an attempt directory name nor an absolute URI");
    }
    return ResourceIO.childDirectory(stageDirectory, attempt);
  }

  /** Whether the manifest's output lives in this stage's own directory (not elsewhere). */
  public boolean ownsOutput() {
    return manifest.attempt == null || !isAbsolute(manifest.attempt);
  }

  /** A file of the committed output (relative path, may contain '/'). */
  public ResourceId file(String relativePath) {
    return ResourceIO.child(outputDirectory, relativePath);
  }

  /** A sub-directory of the committed output, ending in '/'. */
  public ResourceId directory(String relativePath) {
    return ResourceIO.childDirectory(outputDirectory, relativePath);
  }

  /**
   * Resolves a path a user gave that points into a run's stage directory ({@code
   * runs/demo/pretrain/checkpoint/}) to the same path inside that stage's committed output ({@code
   * runs/demo/pretrain/attempt-.../checkpoint/}). A path that already points into an attempt, or
   * that no ancestor manifest covers, is returned unchanged. Looks at most {@code maxDepth}
   * ancestors up.
   *
   * @param spec a path or URI, a directory when it ends in '/'
   */
  public static String resolveUserPath(String spec, int maxDepth) throws IOException {
    if (spec == null || spec.isBlank()) {
      return spec;
    }
    boolean directory = spec.endsWith("/");
    String trimmed = directory ? spec.substring(0, spec.length() - 1) : spec;
    String below = "";
    String current = trimmed;
    for (int depth = 0; depth < maxDepth; depth++) {
      int slash = current.lastIndexOf('/');
      if (slash <= 0) {
        return spec;
      }
      String name = current.substring(slash + 1);
      below = below.isEmpty() ? name : name + "/" + below;
      current = current.substring(0, slash);
      if (current.endsWith(":/") || current.endsWith(":")) {
        return spec;
      }
      if (RunLayout.isAttemptName(name) || name.equals(RunLayout.WORK)) {
        return spec;
      }
      ResourceId stageDirectory = ResourceIO.directory(current + "/");
      Optional<CommittedStage> committed =
          read(
              stageDirectory.getFilename() == null ? "" : stageDirectory.getFilename(),
              stageDirectory);
      if (committed.isPresent()) {
        if (committed.get().manifest.attempt == null) {
          return spec;
        }
        String out = committed.get().outputDirectory.toString() + below;
        return directory ? out + "/" : out;
      }
    }
    return spec;
  }

  private static boolean isAbsolute(String location) {
    return location.startsWith("/") || location.contains("://") || location.startsWith("file:");
  }
}

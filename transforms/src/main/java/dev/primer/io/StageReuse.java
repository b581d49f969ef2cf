package dev.primer.io;

import dev.primer.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.zip.CRC32C;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Commits, in one run, a stage that another run computed ({@code ./primer run --reuse}): the new
 * run's {@code <stage>/_MANIFEST.json} carries the source's cache key, options, inputs, counts and
 * file list, so that downstream stages of the new run read it and key on it exactly as in the
 * source run, and records the lineage in {@link Manifest#reusedFrom}.
 *
 * <ul>
 *   <li>{@link #reference}: both runs share a run root. The manifest's {@link Manifest#attempt} is
 *       the source's absolute output directory ({@code <root>/<source>/<stage>/attempt-.../});
 *       nothing is copied. {@link CommittedStage} resolves the output through it and {@link
 *       StageAttempts#verify} checks the source's files where they are.
 *   <li>{@link #copy}: the runs live under different roots. Every file the source manifest lists is
 *       copied into a fresh attempt of the new run ({@code <newRun>/<stage>/attempt-.../}); the
 *       bytes read are checked against the listed size and digest, and the written copy is read
 *       back and checked again. A file that does not match refuses the whole copy ({@link
 *       UserError} naming the file) and nothing is committed.
 * </ul>
 *
 * <p>Nothing here deletes or writes anything in the source run. The manifest is written last, as
 * every commit is; a kill before it leaves at most an abandoned attempt in the new run's own stage
 * directory.
 */
public final class StageReuse {

  /** {@link Manifest.ReusedFrom#mode} of a stage reused by reference. */
  public static final String REFERENCE = "reference";

  /** {@link Manifest.ReusedFrom#mode} of a stage reused by verified copy. */
  public static final String COPY = "copy";

  private static final int BUFFER = 1 << 16;

  private StageReuse() {}

  /**
   * The manifest that commits, in {@code target}, a reference to the committed output of {@code
   * source} (a stage of {@code sourceLayout}); the caller publishes it.
   */
  public static Manifest reference(CommittedStage source, RunLayout sourceLayout, RunLayout target)
      throws IOException {
    Manifest manifest = lineage(source, sourceLayout, target, REFERENCE);
    manifest.attempt = source.outputDirectory().toString();
    return manifest;
  }

  /**
   * Copies every file of {@code source}'s committed output into {@code attemptDirectory} (an
   * attempt of {@code target}), checking each against the source manifest's size and digest, and
   * returns the manifest that commits it under the attempt name {@code attempt}; the caller
   * publishes it.
   *
   * @throws UserError when the source manifest lists no files (written before manifests did), or a
   *     file is missing or does not match its size or digest, naming the file
   */
  public static Manifest copy(
      CommittedStage source, RunLayout sourceLayout, RunLayout target, String attempt)
      throws IOException {
    Manifest sourceManifest = source.manifest();
    if (sourceManifest.files == null) {
      throw new UserError(
          "cannot copy stage '"
              + source.stage()
              + "' of "
              + sourceLayout
              + ": its manifest "
              + source.manifestFile()
              + " was written before manifests listed their files, so the copy cannot be"
              + " verified; rerun the stage there first");
    }
    ResourceId attemptDirectory = target.attemptDirectory(source.stage(), attempt);
    for (Manifest.OutputFile listed : sourceManifest.files) {
      copyFile(source, sourceLayout, listed, ResourceIO.child(attemptDirectory, listed.path));
    }
    Manifest manifest = lineage(source, sourceLayout, target, COPY);
    manifest.attempt = attempt;
    return manifest;
  }

  private static Manifest lineage(
      CommittedStage source, RunLayout sourceLayout, RunLayout target, String mode)
      throws IOException {
    Manifest manifest = Manifest.fromJson(source.manifest().toJson());
    manifest.runId = target.runId();
    Manifest.ReusedFrom from = new Manifest.ReusedFrom();
    from.mode = mode;
    from.runRoot = ResourceIO.directory(sourceLayout.runRoot()).toString();
    from.runId = sourceLayout.runId();
    from.manifest = source.manifestFile().toString();
    from.cacheKey = source.manifest().cacheKey;
    from.output = source.outputDirectory().toString();
    from.time = Instant.now().toString();
    manifest.reusedFrom = from;
    return manifest;
  }

  /** Copies one listed file, checking the bytes read and the copy written against the listing. */
  private static void copyFile(
      CommittedStage source, RunLayout sourceLayout, Manifest.OutputFile listed, ResourceId target)
      throws IOException {
    ResourceId from = source.file(listed.path);
    if (!ResourceIO.exists(from)) {
      throw mismatch(source, sourceLayout, listed, "missing: " + from);
    }
    boolean crc = listed.crc32c != null;
    MessageDigest sha = crc ? null : ResourceIO.sha256Digest();
    CRC32C crc32c = crc ? new CRC32C() : null;
    long bytes = 0;
    byte[] buffer = new byte[BUFFER];
    try (InputStream in = ResourceIO.open(from);
        OutputStream out = ResourceIO.create(target, "application/octet-stream")) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        bytes += n;
        if (crc) {
          crc32c.update(buffer, 0, n);
        } else {
          sha.update(buffer, 0, n);
        }
        out.write(buffer, 0, n);
      }
    }
    String digest = crc ? String.format("%08x", crc32c.getValue()) : ResourceIO.hex(sha);
    String problem = problem(listed, bytes, digest);
    if (problem != null) {
      throw mismatch(source, sourceLayout, listed, problem + ": " + from);
    }
    Manifest.OutputFile copied =
        StageAttempts.digest(target, listed.path, crc ? Long.MAX_VALUE : 0);
    String copyProblem = problem(listed, copied.bytes, crc ? copied.crc32c : copied.sha256);
    if (copyProblem != null) {
      throw new IOException(
          "the copy " + target + " of " + from + " does not match its manifest: " + copyProblem);
    }
  }

  private static String problem(Manifest.OutputFile listed, long bytes, String digest) {
    if (bytes != listed.bytes) {
      return "size " + bytes + " bytes, the manifest says " + listed.bytes;
    }
    String expected = listed.crc32c != null ? listed.crc32c : listed.sha256;
    if (expected == null || !expected.equals(digest)) {
      String kind = listed.crc32c != null ? "crc32c " : "sha256 ";
      return kind + shortHex(digest) + ", the manifest says " + shortHex(expected);
    }
    return null;
  }

  private static UserError mismatch(
      CommittedStage source, RunLayout sourceLayout, Manifest.OutputFile listed, String problem) {
    return new UserError(
        "refusing to copy stage '"
            + source.stage()
            + "' of "
            + sourceLayout
            + ": its file "
            + listed.path
            + " does not match its manifest ("
            + problem
            + "); nothing was committed. Rerun the stage in that run (or check its files with"
            + " its manifest "
            + source.manifestFile()
            + ")");
  }

  private static String shortHex(String hex) {
    return hex == null ? "none" : hex.substring(0, Math.min(12, hex.length()));
  }
}

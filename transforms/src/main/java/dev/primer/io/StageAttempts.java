package dev.primer.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * The files of a stage's attempts ({@link RunLayout}): listing an attempt with sizes and digests
 * for its manifest, checking a committed attempt against its manifest, and removing attempts that
 * no manifest names. Everything goes through Beam {@link FileSystems} (no directory rename, no
 * directory listing: object stores have neither); on a local file system the emptied directories
 * are removed too.
 */
public final class StageAttempts {

  private static final int BUFFER = 1 << 16;

  private StageAttempts() {}

  /** A file that does not match its manifest entry, and why. */
  public record BadFile(String path, String reason) {}

  /**
   * Every file below {@code directory} with its size and digest (SHA-256, or CRC-32C above {@link
   * Manifest#SHA256_LIMIT}), sorted by relative path.
   */
  public static List<Manifest.OutputFile> describe(ResourceId directory) throws IOException {
    String prefix = directory.toString();
    List<Manifest.OutputFile> files = new ArrayList<>();
    for (MatchResult.Metadata m : ResourceIO.list(prefix + "**")) {
      String path = m.resourceId().toString();
      if (!path.startsWith(prefix)) {
        throw new IOException(
            "listing " + prefix + " returned " + path + ", which is not below it");
      }
      files.add(digest(m.resourceId(), path.substring(prefix.length()), m.sizeBytes()));
    }
    files.sort(Comparator.comparing(f -> f.path));
    return files;
  }

  /** One file's entry: size as read, SHA-256 up to the limit, CRC-32C above it. */
  static Manifest.OutputFile digest(ResourceId file, String relativePath, long sizeHint)
      throws IOException {
    boolean large = sizeHint > Manifest.SHA256_LIMIT;
    MessageDigest sha = large ? null : ResourceIO.sha256Digest();
    CRC32C crc = large ? new CRC32C() : null;
    long bytes = 0;
    byte[] buffer = new byte[BUFFER];
    try (InputStream in = ResourceIO.open(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        bytes += n;
        if (large) {
          crc.update(buffer, 0, n);
        } else {
          sha.update(buffer, 0, n);
        }
      }
    }
    return large
        ? new Manifest.OutputFile(relativePath, bytes, null, crc32c(crc))
        : new Manifest.OutputFile(relativePath, bytes, ResourceIO.hex(sha), null);
  }

  private static String crc32c(CRC32C crc) {
    return String.format("%08x", crc.getValue());
  }

  /**
   * Checks the committed output against its manifest: every listed file exists with its size and
   * digest, and no unlisted file is there. Empty when all holds; a manifest written before attempts
   * existed lists no files, so only its presence is checked.
   */
  public static List<BadFile> verify(CommittedStage committed) throws IOException {
    List<BadFile> bad = new ArrayList<>();
    Manifest manifest = committed.manifest();
    if (manifest.files == null) {
      return bad;
    }
    String prefix = committed.outputDirectory().toString();
    Map<String, MatchResult.Metadata> present = new HashMap<>();
    for (MatchResult.Metadata m : ResourceIO.list(prefix + "**")) {
      String path = m.resourceId().toString();
      present.put(path.startsWith(prefix) ? path.substring(prefix.length()) : path, m);
    }
    for (Manifest.OutputFile listed : manifest.files) {
      MatchResult.Metadata found = present.remove(listed.path);
      if (found == null) {
        bad.add(new BadFile(listed.path, "missing"));
        continue;
      }
      Manifest.OutputFile actual =
          digest(found.resourceId(), listed.path, listed.crc32c != null ? Long.MAX_VALUE : 0);
      if (actual.bytes != listed.bytes) {
        bad.add(
            new BadFile(
                listed.path, "size " + actual.bytes + " bytes, the manifest says " + listed.bytes));
      } else if (listed.crc32c != null) {
        if (!listed.crc32c.equals(actual.crc32c)) {
          bad.add(new BadFile(listed.path, "crc32c " + actual.crc32c + " != " + listed.crc32c));
        }
      } else if (listed.sha256 == null || !listed.sha256.equals(actual.sha256)) {
        bad.add(
            new BadFile(
                listed.path,
                "sha256 " + shortHex(actual.sha256) + " != " + shortHex(listed.sha256)));
      }
    }
    for (String extra : new TreeSet<>(present.keySet())) {
      bad.add(new BadFile(extra, "not listed in the manifest"));
    }
    return bad;
  }

  private static String shortHex(String hex) {
    return hex == null ? "none" : hex.substring(0, Math.min(12, hex.length()));
  }

  /**
   * The attempt directories of a stage directory, by name: those holding files, and on a local file
   * system the empty ones too.
   */
  public static SortedSet<String> attempts(ResourceId stageDirectory) throws IOException {
    SortedSet<String> names = new TreeSet<>();
    String prefix = stageDirectory.toString();
    for (MatchResult.Metadata m : ResourceIO.list(prefix + RunLayout.ATTEMPT_PREFIX + "*/**")) {
      String relative = m.resourceId().toString().substring(prefix.length());
      int slash = relative.indexOf('/');
      if (slash > 0 && RunLayout.isAttemptName(relative.substring(0, slash))) {
        names.add(relative.substring(0, slash));
      }
    }
    Path local = localPath(stageDirectory);
    if (local != null && Files.isDirectory(local)) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(local)) {
        for (Path entry : entries) {
          String name = entry.getFileName().toString();
          if (Files.isDirectory(entry) && RunLayout.isAttemptName(name)) {
            names.add(name);
          }
        }
      }
    }
    return names;
  }

  /**
   * Removes every attempt of the stage directory except {@code keep} (the committed one, may be
   * null) and {@code current} (the one being written, may be null), and stale temporary files of an
   * interrupted manifest write. The caller must hold the run's lease: another launcher's attempt
   * would look abandoned too.
   *
   * @return the names of the attempts removed
   */
  public static List<String> removeAbandoned(ResourceId stageDirectory, String keep, String current)
      throws IOException {
    List<String> removed = new ArrayList<>();
    for (String attempt : attempts(stageDirectory)) {
      if (attempt.equals(keep) || attempt.equals(current)) {
        continue;
      }
      removeTree(ResourceIO.childDirectory(stageDirectory, attempt));
      removed.add(attempt);
    }
    String manifestTemp = "." + RunLayout.MANIFEST + ".tmp-";
    List<ResourceId> temps = new ArrayList<>();
    for (MatchResult.Metadata m : ResourceIO.list(stageDirectory + manifestTemp + "*")) {
      temps.add(m.resourceId());
    }
    if (!temps.isEmpty()) {
      FileSystems.delete(temps, StandardMoveOptions.IGNORE_MISSING_FILES);
    }
    return removed;
  }

  /**
   * After a commit: removes everything in the stage directory except the manifest, the committed
   * attempt and entries whose name starts with '_' other than the work area ({@code _work/} is
   * removed: the committed attempt no longer needs it). Removes the previous committed attempt,
   * abandoned attempts, and the output of a run written before attempts existed.
   *
   * @return the number of files removed
   */
  public static int removeAllBut(ResourceId stageDirectory, String committedAttempt)
      throws IOException {
    String prefix = stageDirectory.toString();
    String keep = committedAttempt + "/";
    String work = RunLayout.WORK + "/";
    List<ResourceId> files = new ArrayList<>();
    for (MatchResult.Metadata m : ResourceIO.list(prefix + "**")) {
      String relative = m.resourceId().toString().substring(prefix.length());
      boolean reserved = relative.startsWith("_") && !relative.startsWith(work);
      if (relative.startsWith(keep) || reserved) {
        continue;
      }
      files.add(m.resourceId());
    }
    if (!files.isEmpty()) {
      FileSystems.delete(files, StandardMoveOptions.IGNORE_MISSING_FILES);
    }
    Path local = localPath(stageDirectory);
    if (local != null && Files.isDirectory(local)) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(local)) {
        for (Path entry : entries) {
          String name = entry.getFileName().toString();
          if (Files.isDirectory(entry)
              && !name.equals(committedAttempt)
              && (!name.startsWith("_") || name.equals(RunLayout.WORK))) {
            pruneEmptyDirectories(entry);
          }
        }
      }
    }
    return files.size();
  }

  /** Removes every file below a directory and, on a local file system, its emptied directories. */
  public static int removeTree(ResourceId directory) throws IOException {
    int removed = ResourceIO.deleteTree(directory);
    Path local = localPath(directory);
    if (local != null) {
      pruneEmptyDirectories(local);
    }
    return removed;
  }

  private static Path localPath(ResourceId directory) {
    return "file".equals(directory.getScheme()) ? Paths.get(directory.toString()) : null;
  }

  /** Deletes the empty directories below and including {@code root}, deepest first. */
  private static void pruneEmptyDirectories(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return;
    }
    List<Path> directories;
    try (Stream<Path> walk = Files.walk(root)) {
      directories =
          walk.filter(Files::isDirectory)
              .sorted(Comparator.comparingInt(Path::getNameCount).reversed())
              .toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    for (Path directory : directories) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
        if (entries.iterator().hasNext()) {
          continue;
        }
      }
      Files.deleteIfExists(directory);
    }
  }
}

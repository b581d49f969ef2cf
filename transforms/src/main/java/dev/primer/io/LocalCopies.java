package dev.primer.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Local copies of files and directories named by a URI on any Beam {@link FileSystems} scheme
 * ({@code gs://}, {@code s3://}, ...), for the readers that need a local file: DJL's tokenizer
 * loader and the weight importers that read a zip (the TensorFlow jar) by random access.
 *
 * <p>A local path (or {@code file:} URI) is returned as it is. A remote file is streamed (never
 * held in the heap) into {@code <cache>/<sha256>/<file name>}; a remote directory (a prefix: every
 * file below it) into {@code <cache>/<sha256>/<relative path>}, the SHA-256 being that of the
 * file's bytes, or for a directory of the sorted {@code relative path, file sha256} lines. A cache
 * entry appears by one atomic rename once complete, so a concurrent or interrupted copy never
 * leaves a partial entry that a later call would trust; the remote content is read again on every
 * call (its hash decides the entry). The cache is {@code -Dprimer.cacheDir}, else {@code
 * <java.io.tmpdir>/primer-remote-cache}.
 */
public final class LocalCopies {

  private static final Pattern REMOTE = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+://.*");

  private LocalCopies() {}

  /** True when {@code spec} is a URI of a scheme other than {@code file:}. */
  public static boolean isRemote(String spec) {
    return spec != null && REMOTE.matcher(spec).matches() && !spec.startsWith("file:");
  }

  /**
   * A local path holding the content of {@code spec}: the path itself when local, a cached copy of
   * the remote file or directory otherwise.
   *
   * @throws FileNotFoundException when a remote spec names neither a file nor a non-empty prefix
   */
  public static Path of(String spec) throws IOException {
    if (!isRemote(spec)) {
      return spec.startsWith("file:")
          ? Path.of(java.net.URI.create(spec))
          : Path.of(ResourceIO.localPathOf(spec));
    }
    return copy(spec, cacheDirectory());
  }

  /** Whether a remote or local spec names an existing file or a non-empty directory. */
  public static boolean exists(String spec) throws IOException {
    if (!isRemote(spec)) {
      return Files.exists(of(spec));
    }
    return !remoteFiles(spec).isEmpty();
  }

  /**
   * The files a remote {@code spec} names, as resources: the file itself, or every file below the
   * directory (sorted by URI).
   */
  public static List<ResourceId> remoteFiles(String spec) throws IOException {
    String trimmed = stripSlash(spec);
    List<ResourceId> out = new ArrayList<>();
    for (MatchResult.Metadata m : ResourceIO.list(trimmed + "/**")) {
      out.add(m.resourceId());
    }
    if (out.isEmpty() && ResourceIO.exists(ResourceIO.file(trimmed))) {
      out.add(ResourceIO.file(trimmed));
    }
    out.sort(Comparator.comparing(ResourceId::toString));
    return out;
  }

  /** Copies the remote file or directory {@code spec} into {@code cache} (see the class doc). */
  static Path copy(String spec, Path cache) throws IOException {
    String trimmed = stripSlash(spec);
    ResourceId file = ResourceIO.file(trimmed);
    Files.createDirectories(cache);
    Path staging = Files.createTempDirectory(cache, ".staging-");
    try {
      String key;
      String name;
      List<MatchResult.Metadata> listed = ResourceIO.list(trimmed + "/**");
      if (listed.isEmpty()) {
        if (!ResourceIO.exists(file)) {
          throw new FileNotFoundException(spec + ": no such file or directory");
        }
        name = file.getFilename();
        key = download(file, staging.resolve(name));
      } else {
        List<String> lines = new ArrayList<>();
        String prefix = trimmed + "/";
        for (MatchResult.Metadata m : listed) {
          String uri = m.resourceId().toString();
          if (!uri.startsWith(prefix) || uri.endsWith("/")) {
            continue;
          }
          String relative = uri.substring(prefix.length());
          Path target = staging.resolve("dir").resolve(relative).normalize();
          if (!target.startsWith(staging.resolve("dir"))) {
            throw new IOException(uri + ": escapes its directory");
          }
          lines.add(relative + " " + download(m.resourceId(), target));
        }
        lines.sort(null);
        key = ResourceIO.sha256(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        name = null;
      }
      Path entry = cache.resolve(key);
      Path result = name == null ? entry : entry.resolve(name);
      if (!Files.exists(result)) {
        Path source = name == null ? staging.resolve("dir") : staging;
        try {
          Files.move(source, entry, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
          if (!Files.exists(result)) {
            throw e;
          }
          // another copy of the same content won the race: use it
        } catch (IOException e) {
          if (!Files.exists(result)) {
            throw e;
          }
        }
      }
      return result;
    } finally {
      deleteRecursively(staging);
    }
  }

  /** Streams {@code source} to {@code target}, returning the hex SHA-256 of its bytes. */
  private static String download(ResourceId source, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    MessageDigest digest = ResourceIO.sha256Digest();
    try (InputStream in = ResourceIO.open(source);
        OutputStream out = new DigestOutputStream(Files.newOutputStream(target), digest)) {
      in.transferTo(out);
    }
    return ResourceIO.hex(digest);
  }

  private static Path cacheDirectory() {
    String configured = System.getProperty("primer.cacheDir");
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("java.io.tmpdir"), "primer-remote-cache");
  }

  private static String stripSlash(String spec) {
    return spec.endsWith("/") ? spec.substring(0, spec.length() - 1) : spec;
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    List<Path> all;
    try (Stream<Path> walk = Files.walk(root)) {
      all = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : all) {
      Files.deleteIfExists(p);
    }
  }
}

package dev.primer.io;

import dev.primer.Sha256;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Small-file I/O through Beam {@link FileSystems}, so that local paths, {@code gs://} and any other
 * registered scheme behave alike. Large data goes through Beam IOs; this class is for manifests,
 * configs, tokenizers and checkpoints.
 */
public final class ResourceIO {

  private ResourceIO() {}

  /** Resolves a file spec (path or URI) to a resource id. */
  public static ResourceId file(String spec) {
    return FileSystems.matchNewResource(localPathOf(spec), false);
  }

  /** Resolves a directory spec (path or URI) to a resource id. */
  public static ResourceId directory(String spec) {
    return FileSystems.matchNewResource(localPathOf(spec), true);
  }

  /**
   * Beam's local file system takes plain paths; {@code file:} URIs (as {@code Path.toUri()} writes
   * them) are turned into paths. Other specs are returned unchanged.
   */
  static String localPathOf(String spec) {
    if (spec.startsWith("file:")) {
      return java.nio.file.Paths.get(java.net.URI.create(spec)).toString()
          + (spec.endsWith("/") ? "/" : "");
    }
    return spec;
  }

  /** The file {@code name} (which may contain '/') inside {@code dir}. */
  public static ResourceId child(ResourceId dir, String name) {
    ResourceId current = dir;
    String[] parts = name.split("/");
    for (int i = 0; i < parts.length; i++) {
      boolean last = i == parts.length - 1;
      current =
          current.resolve(
              parts[i],
              last
                  ? StandardResolveOptions.RESOLVE_FILE
                  : StandardResolveOptions.RESOLVE_DIRECTORY);
    }
    return current;
  }

  /** The sub-directory {@code name} (which may contain '/') of {@code dir}. */
  public static ResourceId childDirectory(ResourceId dir, String name) {
    ResourceId current = dir;
    for (String part : name.split("/")) {
      current = current.resolve(part, StandardResolveOptions.RESOLVE_DIRECTORY);
    }
    return current;
  }

  /** True when the file exists. */
  public static boolean exists(ResourceId file) throws IOException {
    MatchResult result = FileSystems.match(file.toString(), EmptyMatchTreatment.ALLOW_IF_WILDCARD);
    return result.status() == MatchResult.Status.OK && !result.metadata().isEmpty();
  }

  /** Opens a file for reading; the caller closes the stream. */
  public static InputStream open(ResourceId file) throws IOException {
    return Channels.newInputStream(FileSystems.open(file));
  }

  /** Reads a whole (small) file. */
  public static byte[] readBytes(ResourceId file) throws IOException {
    try (InputStream in = open(file)) {
      return in.readAllBytes();
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException("not found: " + file);
    }
  }

  /** Reads a whole (small) UTF-8 text file. */
  public static String readString(ResourceId file) throws IOException {
    return new String(readBytes(file), StandardCharsets.UTF_8);
  }

  /**
   * Writes a file atomically: the bytes go to a temporary sibling first, which is then renamed over
   * the target, so a reader sees either nothing or the whole file.
   */
  public static void writeAtomically(ResourceId target, byte[] bytes) throws IOException {
    writeAtomically(
        target,
        out -> {
          out.write(bytes);
        });
  }

  /** Writes a UTF-8 text file atomically. */
  public static void writeStringAtomically(ResourceId target, String text) throws IOException {
    writeAtomically(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Publishes a small file so that a reader sees either the previous version or the whole new one:
   * on a local file system through {@link #writeAtomically} (a temporary sibling moved over the
   * target: one file, an atomic move); on an object store as one object write, which becomes
   * visible only once complete (no rename, which object stores emulate by a copy).
   */
  public static void publish(ResourceId target, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if ("file".equals(target.getScheme())) {
      writeAtomically(target, bytes);
      return;
    }
    try (OutputStream out = create(target, "application/json")) {
      out.write(bytes);
    }
  }

  /**
   * Opens a new file for writing through {@link FileSystems#create}; closing the stream (once or
   * more) closes the channel exactly once. Beam's {@code s3://} channel is not idempotent: a second
   * close uploads an empty part and completes the multipart upload again, which fails with 404.
   */
  public static OutputStream create(ResourceId target, String mimeType) throws IOException {
    return closingOnce(Channels.newOutputStream(FileSystems.create(target, mimeType)), () -> {});
  }

  /** An action run after a stream is closed. */
  @FunctionalInterface
  public interface AfterClose {
    /** Runs the action. */
    void run() throws IOException;
  }

  /**
   * {@code out}, whose first {@code close} closes it and then runs {@code after}; later calls do
   * nothing.
   */
  public static OutputStream closingOnce(OutputStream out, AfterClose after) {
    return new java.io.FilterOutputStream(out) {
      private boolean closed;

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        if (!closed) {
          closed = true;
          out.close();
          after.run();
        }
      }
    };
  }

  /** Receives the stream to write a file's content to. */
  @FunctionalInterface
  public interface Writer {
    /** Writes the content. */
    void writeTo(OutputStream out) throws IOException;
  }

  /** Writes a file atomically from a streaming writer (see {@link #writeAtomically}). */
  public static void writeAtomically(ResourceId target, Writer writer) throws IOException {
    ResourceId temp =
        target
            .getCurrentDirectory()
            .resolve(
                "." + target.getFilename() + ".tmp-" + UUID.randomUUID(),
                StandardResolveOptions.RESOLVE_FILE);
    try (OutputStream out = create(temp, "application/octet-stream")) {
      writer.writeTo(out);
    }
    FileSystems.rename(Collections.singletonList(temp), Collections.singletonList(target));
    if (!exists(target)) {
      throw new IOException("rename of " + temp + " to " + target + " left no file behind");
    }
  }

  /** Lists the files matching a glob (empty list when nothing matches). */
  public static List<MatchResult.Metadata> list(String glob) throws IOException {
    MatchResult result = FileSystems.match(glob, EmptyMatchTreatment.ALLOW);
    if (result.status() == MatchResult.Status.NOT_FOUND) {
      return List.of();
    }
    return result.metadata();
  }

  /** Deletes every file below a directory (recursively); missing files are ignored. */
  public static int deleteTree(ResourceId dir) throws IOException {
    List<ResourceId> files = new ArrayList<>();
    for (MatchResult.Metadata m : list(dir.toString() + "**")) {
      files.add(m.resourceId());
    }
    if (!files.isEmpty()) {
      FileSystems.delete(files, StandardMoveOptions.IGNORE_MISSING_FILES);
    }
    return files.size();
  }

  /**
   * Deletes every file below a directory except those whose path relative to it passes {@code
   * keep}; missing files are ignored.
   *
   * @return the number of files deleted
   */
  public static int deleteTree(ResourceId dir, Predicate<String> keep) throws IOException {
    String prefix = dir.toString();
    List<ResourceId> files = new ArrayList<>();
    for (MatchResult.Metadata m : list(prefix + "**")) {
      String path = m.resourceId().toString();
      String relative = path.startsWith(prefix) ? path.substring(prefix.length()) : path;
      if (!keep.test(relative)) {
        files.add(m.resourceId());
      }
    }
    if (!files.isEmpty()) {
      FileSystems.delete(files, StandardMoveOptions.IGNORE_MISSING_FILES);
    }
    return files.size();
  }

  /** Hex SHA-256 of a file's bytes, streamed. */
  public static String sha256(ResourceId file) throws IOException {
    MessageDigest digest = sha256Digest();
    try (InputStream in = new DigestInputStream(open(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return hex(digest);
  }

  /** Hex SHA-256 of bytes. */
  public static String sha256(byte[] bytes) {
    return Sha256.hex(bytes);
  }

  /** Completes {@code digest} (e.g. one from {@link #sha256Digest()}) as lower-case hex. */
  public static String hex(MessageDigest digest) {
    return Sha256.hex(digest);
  }

  /**
   * A fresh SHA-256 digest: delegates to {@link Sha256}, primer's one SHA-256 helper (the sentence
   * ids of {@code corpus.SentenceIds} are built on it too).
   */
  public static MessageDigest sha256Digest() {
    return Sha256.digest();
  }

  /** Copies a file from any FileSystems scheme to a local path (replacing it). */
  public static void copyToLocal(ResourceId source, Path target) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Path temp = Files.createTempFile(parent, ".copy-", ".tmp");
    try (ReadableByteChannel in = FileSystems.open(source)) {
      Files.copy(Channels.newInputStream(in), temp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Copies a local file to any FileSystems scheme, atomically. */
  public static void copyFromLocal(Path source, ResourceId target) throws IOException {
    writeAtomically(target, out -> Files.copy(source, out));
  }
}

package dev.primer.io;

import dev.primer.learn.checkpoint.CheckpointStore;
import dev.primer.learn.checkpoint.LocalCheckpointStore;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * A {@link CheckpointStore} over a directory on any Beam {@link FileSystems} scheme ({@code gs://},
 * {@code s3://}, local paths). Every file is written under a temporary sibling name and renamed
 * when its stream is closed, so a reader never sees half a file; {@code checkpoint.json} is written
 * last by the checkpoint writer, so a directory without it is an incomplete checkpoint.
 *
 * <p>Schemes other than the local one must be registered first ({@code
 * FileSystems.setDefaultPipelineOptions}), as for any Beam file I/O.
 */
public final class FileSystemsCheckpointStore implements CheckpointStore {

  private static final int BUFFER = 1 << 20;
  private static final Pattern URI_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");

  private final ResourceId dir;

  /** A store over the directory {@code dir}. */
  public FileSystemsCheckpointStore(ResourceId dir) {
    if (!dir.isDirectory()) {
      throw new IllegalArgumentException(dir + " is not a directory resource");
    }
    this.dir = dir;
  }

  /**
   * The store for a checkpoint directory given as a local path or URI: a {@link
   * LocalCheckpointStore} for local paths (and {@code file:} URIs), a FileSystems store otherwise.
   */
  public static CheckpointStore forSpec(String pathOrUri) {
    if (pathOrUri == null || pathOrUri.isBlank()) {
      throw new IllegalArgumentException("A checkpoint location must not be empty");
    }
    if (URI_SCHEME.matcher(pathOrUri).matches() && !pathOrUri.startsWith("file:")) {
      return new FileSystemsCheckpointStore(ResourceIO.directory(withSlash(pathOrUri)));
    }
    return new LocalCheckpointStore(Path.of(ResourceIO.localPathOf(pathOrUri)));
  }

  private static String withSlash(String spec) {
    return spec.endsWith("/") ? spec : spec + "/";
  }

  /** The directory. */
  public ResourceId dir() {
    return dir;
  }

  @Override
  public OutputStream create(String name) throws IOException {
    ResourceId target = file(name);
    ResourceId temp =
        dir.resolve("." + name + ".tmp-" + UUID.randomUUID(), StandardResolveOptions.RESOLVE_FILE);
    OutputStream raw = ResourceIO.create(temp, "application/octet-stream");
    return ResourceIO.closingOnce(
        new BufferedOutputStream(raw, BUFFER),
        () -> {
          FileSystems.rename(List.of(temp), List.of(target));
          if (!ResourceIO.exists(target)) {
            throw new IOException("rename of " + temp + " to " + target + " left no file behind");
          }
        });
  }

  @Override
  public InputStream open(String name) throws IOException {
    ResourceId file = file(name);
    if (!ResourceIO.exists(file)) {
      throw new FileNotFoundException(file + ": no such file");
    }
    return new BufferedInputStream(ResourceIO.open(file), BUFFER);
  }

  @Override
  public void delete(String name) throws IOException {
    FileSystems.delete(List.of(file(name)), StandardMoveOptions.IGNORE_MISSING_FILES);
  }

  @Override
  public boolean exists(String name) throws IOException {
    return ResourceIO.exists(file(name));
  }

  @Override
  public String describe(String name) {
    return file(name).toString();
  }

  private ResourceId file(String name) {
    return ResourceIO.child(dir, name);
  }
}

package dev.primer.learn.checkpoint;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A {@link CheckpointStore} over a local directory (created on the first write). */
public final class LocalCheckpointStore implements CheckpointStore {

  private static final int BUFFER = 1 << 20;

  private final Path dir;

  /** A store over {@code dir}. */
  public LocalCheckpointStore(Path dir) {
    this.dir = dir;
  }

  /** The directory. */
  public Path dir() {
    return dir;
  }

  @Override
  public OutputStream create(String name) throws IOException {
    Files.createDirectories(dir);
    return new BufferedOutputStream(Files.newOutputStream(dir.resolve(name)), BUFFER);
  }

  @Override
  public InputStream open(String name) throws IOException {
    Path file = dir.resolve(name);
    if (!Files.isRegularFile(file)) {
      throw new FileNotFoundException(file + ": no such file");
    }
    return new BufferedInputStream(Files.newInputStream(file), BUFFER);
  }

  @Override
  public void delete(String name) throws IOException {
    Files.deleteIfExists(dir.resolve(name));
  }

  @Override
  public boolean exists(String name) {
    return Files.isRegularFile(dir.resolve(name));
  }

  @Override
  public String describe(String name) {
    return dir.resolve(name).toString();
  }
}

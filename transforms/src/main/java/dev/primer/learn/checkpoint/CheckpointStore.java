package dev.primer.learn.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A directory-like place holding the files of one checkpoint. Checkpoint code only creates and
 * opens named files through this interface, so a pipeline stage can back it with Beam {@code
 * FileSystems} channels ({@code Channels.newInputStream/newOutputStream}) instead of local files.
 */
public interface CheckpointStore {

  /** Creates (or replaces) the file {@code name}; the caller closes the stream. */
  OutputStream create(String name) throws IOException;

  /** Opens the file {@code name} for reading; the caller closes the stream. */
  InputStream open(String name) throws IOException;

  /** Deletes the file {@code name} if it exists. */
  void delete(String name) throws IOException;

  /** Whether the file {@code name} exists. */
  boolean exists(String name) throws IOException;

  /** A human-readable location of the file {@code name}, for messages. */
  String describe(String name);
}

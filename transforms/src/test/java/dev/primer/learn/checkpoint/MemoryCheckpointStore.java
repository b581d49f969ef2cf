package dev.primer.learn.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.TreeMap;

/** An in-memory {@link CheckpointStore}: shows that checkpoints need nothing but streams. */
final class MemoryCheckpointStore implements CheckpointStore {

  final Map<String, byte[]> files = new TreeMap<>();

  @Override
  public OutputStream create(String name) {
    return new ByteArrayOutputStream() {
      @Override
      public void close() {
        files.put(name, toByteArray());
      }
    };
  }

  @Override
  public InputStream open(String name) throws FileNotFoundException {
    byte[] bytes = files.get(name);
    if (bytes == null) {
      throw new FileNotFoundException(name);
    }
    return new ByteArrayInputStream(bytes);
  }

  @Override
  public void delete(String name) {
    files.remove(name);
  }

  @Override
  public boolean exists(String name) {
    return files.containsKey(name);
  }

  @Override
  public String describe(String name) {
    return "mem:/" + name;
  }
}

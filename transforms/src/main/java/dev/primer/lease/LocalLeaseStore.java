package dev.primer.lease;

import dev.primer.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A lease file on a local (or locally mounted) file system.
 *
 * <ul>
 *   <li>Create: {@link StandardOpenOption#CREATE_NEW}, which fails atomically when the file exists;
 *       a launcher that loses writes nothing. The bytes follow in one write; a reader that finds
 *       the file still empty retries for a moment ({@link #read}).
 *   <li>Replace and delete (heartbeat, takeover, release) run under a guard: an OS file lock on
 *       {@code _LEASE.json.lock} next to the lease (released by the OS when its process dies, so a
 *       crash never leaves it held) plus a JVM lock for threads of one process. Under the guard the
 *       version (SHA-256 of the bytes) is checked, then the new bytes are written to a temporary
 *       sibling and moved over the lease atomically. Two takers of one dead lease thus run one
 *       after the other, and the second sees that the version changed.
 * </ul>
 *
 * The guard file stays after the lease is released (empty; deleting it while another process may be
 * about to lock it would break the guard).
 */
public final class LocalLeaseStore implements LeaseStore {

  private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private final Path file;
  private final Path guard;

  /** A store for the lease file {@code file}. */
  public LocalLeaseStore(Path file) {
    this.file = file.toAbsolutePath().normalize();
    this.guard = this.file.resolveSibling(this.file.getFileName() + ".lock");
  }

  @Override
  public Optional<Stored> read() throws IOException {
    for (int attempt = 0; ; attempt++) {
      byte[] bytes;
      java.time.Instant modified;
      try {
        bytes = Files.readAllBytes(file);
        modified = Files.getLastModifiedTime(file).toInstant();
      } catch (NoSuchFileException e) {
        return Optional.empty();
      }
      if (bytes.length > 0 || attempt >= 20) {
        return Optional.of(new Stored(bytes, Sha256.hex(bytes), modified));
      }
      sleep(25); // created, its bytes not yet written
    }
  }

  @Override
  public Optional<String> create(byte[] content) throws IOException {
    if (Files.exists(file)) {
      return Optional.empty();
    }
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
      out.write(content);
    } catch (FileAlreadyExistsException e) {
      return Optional.empty();
    }
    return Optional.of(Sha256.hex(content));
  }

  @Override
  public Optional<String> replace(String expectedVersion, byte[] content) throws IOException {
    return guarded(
        () -> {
          Optional<Stored> now = read();
          if (now.isEmpty() || !now.get().version().equals(expectedVersion)) {
            return Optional.empty();
          }
          Path temp = file.resolveSibling("." + file.getFileName() + ".tmp-" + UUID.randomUUID());
          try {
            Files.write(temp, content, StandardOpenOption.CREATE_NEW);
            Files.move(
                temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          } finally {
            Files.deleteIfExists(temp);
          }
          return Optional.of(Sha256.hex(content));
        });
  }

  @Override
  public boolean delete(String expectedVersion) throws IOException {
    return guarded(
        () -> {
          Optional<Stored> now = read();
          if (now.isEmpty() || !now.get().version().equals(expectedVersion)) {
            return false;
          }
          Files.delete(file);
          return true;
        });
  }

  @Override
  public String location() {
    return file.toString();
  }

  private interface GuardedAction<T> {
    T run() throws IOException;
  }

  private <T> T guarded(GuardedAction<T> action) throws IOException {
    ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(guard, g -> new ReentrantLock());
    jvmLock.lock();
    try (FileChannel channel =
            FileChannel.open(guard, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      return action.run();
    } finally {
      jvmLock.unlock();
    }
  }

  private static void sleep(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while reading a lease");
    }
  }
}

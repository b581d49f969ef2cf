package dev.primer.lease;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * Where one lease file lives, with the atomic operations a lease needs on that file system: create
 * only when absent, replace and delete only when the stored version is the one observed. The
 * version is an opaque token (a GCS generation, the SHA-256 of a local file's bytes).
 *
 * <p>Implementations: {@link LocalLeaseStore} (local paths and {@code file:} URIs), {@link
 * GcsLeaseStore} ({@code gs://}).
 */
public interface LeaseStore {

  /** A stored lease file: its bytes, its version, and when it was last written. */
  record Stored(byte[] content, String version, Instant modified) {}

  /** The lease file as it is now, or empty when there is none. */
  Optional<Stored> read() throws IOException;

  /**
   * Creates the lease file with {@code content} only if none exists, atomically.
   *
   * @return the new file's version, or empty when a lease file exists (nothing was written)
   */
  Optional<String> create(byte[] content) throws IOException;

  /**
   * Replaces the lease file only if its version is still {@code expectedVersion}, atomically.
   *
   * @return the new version, or empty when the file changed or vanished (nothing was written)
   */
  Optional<String> replace(String expectedVersion, byte[] content) throws IOException;

  /**
   * Deletes the lease file only if its version is still {@code expectedVersion}.
   *
   * @return true when deleted
   */
  boolean delete(String expectedVersion) throws IOException;

  /** The lease file's location, for messages. */
  String location();
}

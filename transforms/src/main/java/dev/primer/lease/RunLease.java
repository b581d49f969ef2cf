package dev.primer.lease;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A launcher's hold on a run: the lease file {@code <runRoot>/<runId>/_LEASE.json} ({@link
 * #FILE_NAME}, a {@link LeaseRecord}), created atomically through a {@link LeaseStore}, refreshed
 * by a heartbeat thread, and deleted by {@link #close} only if it is still this launcher's.
 *
 * <p>{@link #acquire} either creates the lease, or takes over one whose heartbeat is older than the
 * timeout (or any, when asked to break it) with a conditional replace on the version it observed,
 * or throws {@link LeaseHeldException} without writing anything. A heartbeat that finds the lease
 * replaced (broken or taken over by another launcher) marks this lease lost: {@link #checkHeld}
 * then throws, and {@link #close} leaves the other launcher's lease alone.
 */
public final class RunLease implements AutoCloseable {

  /** The lease file's name in the run directory. */
  public static final String FILE_NAME = "_LEASE.json";

  private static final Logger LOG = LoggerFactory.getLogger(RunLease.class);

  /** What a launcher asks for. */
  public record Request(
      LeaseRecord mine, Duration timeout, boolean breakLease, Duration heartbeatEvery) {}

  private final LeaseStore store;
  private volatile LeaseRecord record;
  private volatile String version;
  private volatile String lostTo;
  private final ScheduledExecutorService heartbeat;
  private boolean closed;

  private RunLease(LeaseStore store, LeaseRecord record, String version, Duration every) {
    this.store = store;
    this.record = record;
    this.version = version;
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "primer-lease-heartbeat");
              thread.setDaemon(true);
              return thread;
            });
    long millis = Math.max(1, every.toMillis());
    heartbeat.scheduleWithFixedDelay(this::beat, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Takes the lease, or throws {@link LeaseHeldException} naming its holder when another launcher
   * holds it (nothing written then).
   */
  public static RunLease acquire(LeaseStore store, Request request) throws IOException {
    LeaseRecord mine = request.mine();
    String held = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      Optional<String> created = store.create(mine.toBytes());
      if (created.isPresent()) {
        return new RunLease(store, mine, created.get(), request.heartbeatEvery());
      }
      Optional<LeaseStore.Stored> stored = store.read();
      if (stored.isEmpty()) {
        continue; // released in between: try to create it again
      }
      LeaseRecord theirs = parseOrNull(stored.get().content());
      Instant beat =
          theirs == null || theirs.heartbeatInstant() == null
              ? stored.get().modified()
              : theirs.heartbeatInstant();
      Duration age = Duration.between(beat, Instant.now());
      String who =
          theirs == null
              ? "an unreadable lease written " + stored.get().modified()
              : theirs.describe();
      boolean stale = age.compareTo(request.timeout()) > 0;
      if (request.breakLease() || stale) {
        Optional<String> taken = store.replace(stored.get().version(), mine.toBytes());
        if (taken.isPresent()) {
          LOG.warn(
              "took over the lease {} from {} ({})",
              store.location(),
              who,
              request.breakLease()
                  ? "--breakLease"
                  : "its heartbeat is " + age.toSeconds() + " s old");
          return new RunLease(store, mine, taken.get(), request.heartbeatEvery());
        }
        continue; // another launcher changed it first: look again
      }
      held =
          "the run is held by another launcher's lease "
              + store.location()
              + ": "
              + who
              + " ("
              + age.toSeconds()
              + " s ago)"
              + (theirs == null || theirs.command() == null ? "" : ", command " + theirs.command())
              + ". Wait for it to finish; if that launcher is dead, rerun with --breakLease, or"
              + " the lease is taken over automatically once its heartbeat is older than"
              + " --leaseTimeoutSeconds="
              + request.timeout().toSeconds();
      break;
    }
    throw new LeaseHeldException(
        held != null
            ? held
            : "the lease " + store.location() + " changed on every attempt to take it; retry");
  }

  private static LeaseRecord parseOrNull(byte[] content) {
    try {
      return LeaseRecord.parse(content);
    } catch (IOException e) {
      return null;
    }
  }

  /** The lease as last written. */
  public LeaseRecord record() {
    return record;
  }

  /** Where the lease file is. */
  public String location() {
    return store.location();
  }

  /** Throws {@link LeaseHeldException} when a heartbeat found the lease taken by another. */
  public void checkHeld() {
    if (lostTo != null) {
      throw new LeaseHeldException(
          "this launcher lost its lease " + store.location() + " to " + lostTo + "; stopping");
    }
  }

  /**
   * Confirms, with a conditional write, that the lease is still this launcher's and refreshes its
   * heartbeat; throws {@link LeaseHeldException} when it is not. A launcher calls this right before
   * it commits a stage, so that a launcher whose lease was broken ({@code --breakLease}) or taken
   * over while a stage ran never commits over the new holder's work: between two heartbeats {@link
   * #checkHeld} alone would not notice. A store that cannot be reached after {@link
   * #CONFIRM_ATTEMPTS} tries is an {@link IOException}: the stage then fails uncommitted rather
   * than commit without knowing.
   */
  public synchronized void confirm() throws IOException {
    if (closed) {
      throw new IllegalStateException("the lease " + store.location() + " was released");
    }
    checkHeld();
    IOException last = null;
    for (int attempt = 1; attempt <= CONFIRM_ATTEMPTS; attempt++) {
      try {
        if (!tryBeat()) {
          checkHeld();
        }
        return;
      } catch (IOException e) {
        last = e;
        LOG.warn(
            "confirming the lease {} failed (try {} of {}): {}",
            store.location(),
            attempt,
            CONFIRM_ATTEMPTS,
            e.toString());
        sleepQuietly(attempt * 500L);
      }
    }
    throw new IOException(
        "cannot confirm the lease " + store.location() + " before committing: " + last, last);
  }

  /** How often {@link #confirm} tries a store that does not answer. */
  static final int CONFIRM_ATTEMPTS = 3;

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * One conditional heartbeat: true when written; false when the lease was found replaced, which
   * marks it lost to its new holder.
   */
  private boolean tryBeat() throws IOException {
    LeaseRecord next = record.beat(Instant.now());
    Optional<String> written = store.replace(version, next.toBytes());
    if (written.isPresent()) {
      record = next;
      version = written.get();
      return true;
    }
    Optional<LeaseStore.Stored> now = store.read();
    LeaseRecord other = now.map(s -> parseOrNull(s.content())).orElse(null);
    lostTo = other == null ? "another launcher (lease removed)" : other.describe();
    LOG.error("lost the lease {} to {}", store.location(), lostTo);
    return false;
  }

  private synchronized void beat() {
    if (closed || lostTo != null) {
      return;
    }
    try {
      tryBeat();
    } catch (IOException | RuntimeException e) {
      LOG.warn("lease heartbeat on {} failed (will retry): {}", store.location(), e.toString());
    }
  }

  /** Stops the heartbeat and deletes the lease if it is still this launcher's. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    heartbeat.shutdownNow();
    try {
      heartbeat.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (lostTo != null) {
      return;
    }
    try {
      if (!store.delete(version)) {
        LOG.warn("the lease {} was no longer this launcher's; left in place", store.location());
      }
    } catch (IOException e) {
      // Logged, not thrown: close runs in finally blocks, where throwing would hide the failure
      // that ended the command. The lease then expires after --leaseTimeoutSeconds.
      LOG.error(
          "cannot release the lease {} ({}); it blocks other launchers until its heartbeat is"
              + " older than --leaseTimeoutSeconds, or --breakLease",
          store.location(),
          e.toString());
    }
  }
}

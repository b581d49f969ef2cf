package dev.primer.pipelines;

import dev.primer.UserError;
import dev.primer.io.RunLayout;
import dev.primer.lease.GcsLeaseStore;
import dev.primer.lease.LeaseRecord;
import dev.primer.lease.LeaseStore;
import dev.primer.lease.LocalLeaseStore;
import dev.primer.lease.RunLease;
import dev.primer.lease.S3LeaseStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.beam.sdk.extensions.gcp.options.GcsOptions;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The launcher's lease on a run ({@link RunLease}): taken before the first stage of a command
 * touches the run and released when the command ends, also on failure. {@code ./primer STAGE},
 * {@code ./primer run} and {@code ./primer demo} take it once for all their stages.
 *
 * <p>The lease file is {@code <runRoot>/<runId>/_LEASE.json}: a local path or {@code file:} URI
 * ({@link LocalLeaseStore}), {@code gs://} ({@link GcsLeaseStore}) or {@code s3://} ({@link
 * S3LeaseStore}, which first checks that the endpoint honours conditional writes); other schemes
 * are refused with a user error, since no lease could be taken atomically there.
 */
final class RunLeases {

  private RunLeases() {}

  /** The lease settings of a command ({@code --breakLease}, timeout, heartbeat). */
  record Settings(boolean breakLease, int timeoutSeconds, int heartbeatSeconds) {

    /** The settings of parsed options. */
    static Settings of(PrimerOptions options) {
      return new Settings(
          Boolean.TRUE.equals(options.getBreakLease()),
          options.getLeaseTimeoutSeconds(),
          options.getLeaseHeartbeatSeconds());
    }

    Settings {
      if (timeoutSeconds < 1) {
        throw new UserError("--leaseTimeoutSeconds must be at least 1, got " + timeoutSeconds);
      }
      if (heartbeatSeconds < 1) {
        throw new UserError("--leaseHeartbeatSeconds must be at least 1, got " + heartbeatSeconds);
      }
    }

    /** The heartbeat period: at most half the timeout, so that a live holder is never stale. */
    Duration heartbeatEvery() {
      return Duration.ofSeconds(Math.min(heartbeatSeconds, Math.max(1, timeoutSeconds / 2)));
    }
  }

  /** Takes the lease of the run of {@code options} for {@code command}. */
  static RunLease acquire(PrimerOptions options, String command) throws IOException {
    RunLayout layout = new RunLayout(options.getRunRoot(), options.getRunId());
    layout.checkRoot();
    return acquire(layout, Settings.of(options), options, command);
  }

  /** Takes the lease of the run {@code layout} for {@code command}. */
  static RunLease acquire(
      RunLayout layout, Settings settings, PipelineOptions options, String command)
      throws IOException {
    Instant now = Instant.now();
    String host = hostName();
    LeaseRecord mine =
        new LeaseRecord(
            System.getProperty("user.name", "unknown") + "@" + host,
            host,
            ProcessHandle.current().pid(),
            now.toString(),
            now.toString(),
            UUID.randomUUID().toString(),
            command,
            settings.heartbeatEvery().toSeconds());
    return RunLease.acquire(
        store(layout, options),
        new RunLease.Request(
            mine,
            Duration.ofSeconds(settings.timeoutSeconds()),
            settings.breakLease(),
            settings.heartbeatEvery()));
  }

  /** The lease store of a run's {@code _LEASE.json} on the run root's file system. */
  static LeaseStore store(RunLayout layout, PipelineOptions options) throws IOException {
    String root = layout.runRoot();
    if (root.startsWith("gs://")) {
      String uri = (root.endsWith("/") ? root : root + "/") + layout.runId() + "/";
      return GcsLeaseStore.of(uri + RunLease.FILE_NAME, options.as(GcsOptions.class));
    }
    if (root.startsWith("s3://")) {
      String uri = (root.endsWith("/") ? root : root + "/") + layout.runId() + "/";
      return S3LeaseStore.of(uri + RunLease.FILE_NAME, options.as(S3Options.class));
    }
    Path rootPath;
    if (root.startsWith("file:")) {
      rootPath = Path.of(URI.create(root));
    } else if (root.matches("[A-Za-z][A-Za-z0-9+.-]*://.*")) {
      throw new UserError(
          "--runRoot '"
              + root
              + "': run leases need a local path, file:, gs:// or s3:// run root; no atomic lease"
              + " can be"
              + " taken on this scheme");
    } else {
      rootPath = Path.of(root);
    }
    return new LocalLeaseStore(
        rootPath.toAbsolutePath().resolve(layout.runId()).resolve(RunLease.FILE_NAME));
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env.trim();
    }
    try {
      Path etc = Path.of("/etc/hostname");
      if (Files.isReadable(etc)) {
        String name = Files.readString(etc).trim();
        if (!name.isEmpty()) {
          return name;
        }
      }
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }
}

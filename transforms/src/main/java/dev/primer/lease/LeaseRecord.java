package dev.primer.lease;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.primer.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The content of a run's lease file {@code <runRoot>/<runId>/_LEASE.json}: who holds the run
 * ({@code holder} = {@code user@host}, {@code host}, {@code pid}), since when ({@code start}) and
 * when it last proved alive ({@code heartbeat}, ISO-8601 instants), with the lease's own id ({@code
 * leaseId}, a UUID: whether a stored lease is still ours), the command that holds it and the
 * heartbeat period in seconds.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({
  "holder",
  "host",
  "pid",
  "start",
  "heartbeat",
  "leaseId",
  "command",
  "heartbeatSeconds"
})
public record LeaseRecord(
    String holder,
    String host,
    long pid,
    String start,
    String heartbeat,
    String leaseId,
    String command,
    long heartbeatSeconds) {

  /** The same lease with a new heartbeat. */
  public LeaseRecord beat(Instant now) {
    return new LeaseRecord(
        holder, host, pid, start, now.toString(), leaseId, command, heartbeatSeconds);
  }

  /** The heartbeat as an instant, or null when it is not one. */
  public Instant heartbeatInstant() {
    try {
      return heartbeat == null ? null : Instant.parse(heartbeat);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  /** The JSON bytes stored in the lease file. */
  public byte[] toBytes() {
    try {
      return Json.mapper().writeValueAsString(this).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize lease", e);
    }
  }

  /** Parses a lease file's bytes; IOException when they are not a lease. */
  public static LeaseRecord parse(byte[] bytes) throws IOException {
    return Json.mapper().readValue(bytes, LeaseRecord.class);
  }

  /** One line naming the holder: {@code user@host pid N since T, last heartbeat H}. */
  public String describe() {
    return holder + " pid " + pid + " since " + start + ", last heartbeat " + heartbeat;
  }
}

package dev.primer.lease;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.services.storage.Storage;
import dev.primer.testing.LoopbackGcsServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.extensions.gcp.options.GcsOptions;
import org.apache.beam.sdk.extensions.gcp.util.Transport;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link GcsLeaseStore} against {@link LoopbackGcsServer}, a loopback server of the GCS JSON API
 * that enforces {@code ifGenerationMatch} as GCS documents it (412 when it fails; 0 means "no live
 * object"), reached through the client Beam builds from {@code --gcsEndpoint}. It checks the
 * requests primer sends and how it reads the answers; it is not a test against Google's servers.
 */
class GcsLeaseStoreTest {

  private static final String LEASE = "gs://bkt/runs/r1/_LEASE.json";

  private LoopbackGcsServer gcs;

  @BeforeEach
  void start() throws IOException {
    gcs = LoopbackGcsServer.start().createBucket("bkt");
  }

  @AfterEach
  void stop() {
    gcs.close();
  }

  private GcsLeaseStore store() {
    return GcsLeaseStore.of(
        LEASE,
        PipelineOptionsFactory.fromArgs(gcs.beamArgs().toArray(String[]::new))
            .as(GcsOptions.class));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void createIsIfGenerationMatchZeroAndWritesAreConditionalOnTheGeneration() throws Exception {
    GcsLeaseStore store = store();
    assertEquals(LEASE, store.location());
    assertTrue(store.read().isEmpty());

    Optional<String> first = store.create(utf8("{\"a\":1}"));
    assertTrue(first.isPresent());
    assertTrue(
        gcs.requestLog().stream()
            .anyMatch(r -> r.startsWith("POST /upload/") && r.contains("ifGenerationMatch=0")),
        gcs.requestLog().toString());
    assertTrue(store.create(utf8("{\"b\":2}")).isEmpty(), "412");
    LeaseStore.Stored stored = store.read().orElseThrow();
    assertArrayEquals(utf8("{\"a\":1}"), stored.content());
    assertEquals(first.get(), stored.version());

    assertTrue(store.replace("1", utf8("x")).isEmpty(), "stale generation replaces nothing");
    Optional<String> second = store.replace(first.get(), utf8("{\"c\":3}"));
    assertTrue(second.isPresent());
    assertTrue(
        gcs.requestLog().stream().anyMatch(r -> r.contains("ifGenerationMatch=" + first.get())),
        gcs.requestLog().toString());
    assertArrayEquals(utf8("{\"c\":3}"), gcs.get("bkt", "runs/r1/_LEASE.json").orElseThrow());
    assertFalse(store.delete(first.get()), "stale generation deletes nothing");
    assertTrue(store.delete(second.get()));
    assertTrue(store.read().isEmpty());
    assertFalse(store.delete(second.get()), "nothing left to delete");
    assertTrue(store.replace(second.get(), utf8("y")).isEmpty(), "a deleted lease stays deleted");
  }

  @Test
  void runLeaseOverGcsRefusesASecondLauncherAndReleases() throws Exception {
    LeaseRecord alice = record("alice@h", 7, "id-a");
    LeaseRecord bob = record("bob@h", 8, "id-b");
    try (RunLease held =
        RunLease.acquire(
            store(),
            new RunLease.Request(alice, Duration.ofSeconds(600), false, Duration.ofSeconds(30)))) {
      LeaseHeldException refused =
          assertThrows(
              LeaseHeldException.class,
              () ->
                  RunLease.acquire(
                      store(),
                      new RunLease.Request(
                          bob, Duration.ofSeconds(600), false, Duration.ofSeconds(30))));
      assertTrue(refused.getMessage().contains("alice@h pid 7"), refused.getMessage());
      held.checkHeld();
    }
    assertTrue(gcs.names("bkt").isEmpty(), "released");
  }

  @Test
  void leaseWritesSurviveInjectedFaultsThroughTheClientsRetries() throws Exception {
    gcs.faults(FAULTS);
    heartbeats(store());
    assertTrue(gcs.faultCount() > 0, "faults were injected");
    assertTrue(gcs.names("bkt").isEmpty());

    // Control: the same faults (same seed) against the same client with retries turned off.
    gcs.faults(FAULTS);
    Storage noRetries =
        new Storage.Builder(
                Transport.getTransport(),
                Transport.getJsonFactory(),
                request -> request.setNumberOfRetries(0))
            .setRootUrl("http://127.0.0.1:" + gcs.port() + "/")
            .setServicePath("storage/v1/")
            .setApplicationName("primer-test")
            .build();
    assertThrows(
        IOException.class,
        () -> heartbeats(new GcsLeaseStore(noRetries, "bkt", "runs/r1/_LEASE.json")),
        "without retries the faults bite");
  }

  /** 30% of requests answered 503, 429 or dropped, seeded. */
  private static final LoopbackGcsServer.Faults FAULTS =
      new LoopbackGcsServer.Faults(
          0.3,
          5,
          List.of(
              LoopbackGcsServer.FaultKind.UNAVAILABLE,
              LoopbackGcsServer.FaultKind.TOO_MANY_REQUESTS,
              LoopbackGcsServer.FaultKind.RESET),
          0);

  /** Creates the lease, replaces it 5 times, reads it and deletes it, checking each step. */
  private static void heartbeats(GcsLeaseStore store) throws IOException {
    String version = store.create(utf8("{\"a\":1}")).orElseThrow();
    for (int i = 0; i < 5; i++) {
      version = store.replace(version, utf8("{\"beat\":" + i + "}")).orElseThrow();
    }
    assertEquals(version, store.read().orElseThrow().version());
    assertTrue(store.delete(version));
  }

  private static LeaseRecord record(String owner, long pid, String id) {
    String now = Instant.now().toString();
    return new LeaseRecord(owner, "h", pid, now, now, id, "run", 30);
  }
}

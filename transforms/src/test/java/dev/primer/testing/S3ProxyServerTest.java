package dev.primer.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.primer.UserError;
import dev.primer.io.FileSystemsCheckpointStore;
import dev.primer.io.LocalCopies;
import dev.primer.io.ResourceIO;
import dev.primer.learn.checkpoint.CheckpointStore;
import dev.primer.lease.S3LeaseStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * s3proxy as a real S3 server for Beam's {@code s3://} FileSystem and primer's S3 lease store,
 * directly and through {@link S3FrontProxy}. Includes the control that shows why the front proxy
 * exists: s3proxy 2.6.0 ignores conditional writes, and {@link S3LeaseStore} refuses it.
 */
class S3ProxyServerTest {

  private static final String ACCESS = "primer-test-access";
  private static final String SECRET = "primer-test-secret";

  @TempDir static Path temp;
  private static S3TestStore store;
  private static S3ProxyServer server;
  private static S3FrontProxy front;

  @BeforeAll
  static void start() throws IOException {
    assumeTrue(S3ProxyServer.available(), "s3proxy jar not found (-Dprimer.s3proxy.jar)");
    store = S3TestStore.start(temp, ACCESS, SECRET, "primer-test", S3FrontProxy.Faults.none());
    server = store.server();
    front = store.front();
  }

  @AfterAll
  static void stop() throws IOException {
    if (store != null) {
      store.close();
      assertFalse(server.isAlive(), "s3proxy still runs after close");
    }
  }

  @Test
  void beamFileSystemWritesRenamesListsReadsAndDeletes() throws IOException {
    FileSystems.setDefaultPipelineOptions(store.options(false)); // s3proxy itself
    ResourceId dir = ResourceIO.directory("s3://primer-test/fs/");
    ResourceId file = ResourceIO.child(dir, "a/b.json");
    try {
      ResourceIO.writeStringAtomically(file, "{\"x\":1}");
    } catch (RuntimeException e) {
      throw new AssertionError(server.logTail(), e);
    }
    assertEquals("{\"x\":1}", ResourceIO.readString(file));
    ResourceIO.publish(ResourceIO.child(dir, "m.json"), "{\"m\":2}");
    assertEquals(2, ResourceIO.list("s3://primer-test/fs/**").size());
    assertEquals(
        ResourceIO.sha256("{\"x\":1}".getBytes(StandardCharsets.UTF_8)), ResourceIO.sha256(file));

    CheckpointStore store = FileSystemsCheckpointStore.forSpec("s3://primer-test/fs/ckpt");
    byte[] big = new byte[3 << 20];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    try (OutputStream out = store.create("model.safetensors")) {
      out.write(big);
    }
    try (InputStream in = store.open("model.safetensors")) {
      assertArrayEquals(big, in.readAllBytes());
    }

    Path local = LocalCopies.of("s3://primer-test/fs/ckpt/model.safetensors");
    assertArrayEquals(big, Files.readAllBytes(local));
    Path tree = LocalCopies.of("s3://primer-test/fs/a/");
    assertEquals("{\"x\":1}", Files.readString(tree.resolve("b.json"), StandardCharsets.UTF_8));

    assertEquals(3, ResourceIO.deleteTree(dir)); // a/b.json, m.json, ckpt/model.safetensors
    assertTrue(ResourceIO.list("s3://primer-test/fs/**").isEmpty());
  }

  @Test
  void s3proxyIgnoresConditionalWritesSoTheLeaseStoreRefusesIt() throws IOException {
    S3LeaseStore direct =
        new S3LeaseStore(
            S3LeaseStore.client(store.options(false)), "primer-test", "ctl/_LEASE.json");
    byte[] one = "1".getBytes(StandardCharsets.UTF_8);
    assertTrue(direct.create(one).isPresent());
    // the control: s3proxy answers 200 to a second create-if-absent
    assertTrue(
        direct.create(one).isPresent(), "s3proxy now honours If-None-Match: update the docs");
    UserError refused =
        assertThrows(
            UserError.class,
            () -> S3LeaseStore.of("s3://primer-test/ctl2/_LEASE.json", store.options(false)));
    assertTrue(refused.getMessage().contains("ignores conditional writes"), refused.getMessage());
    assertTrue(
        refused.getMessage().contains("s3://primer-test/ctl2/_LEASE.json"), refused.getMessage());
  }

  @Test
  void throughTheFrontProxyLeaseWritesAreConditional() throws IOException {
    S3LeaseStore lease = S3LeaseStore.of("s3://primer-test/lease/_LEASE.json", store.options(true));
    byte[] one = "1".getBytes(StandardCharsets.UTF_8);
    byte[] two = "2".getBytes(StandardCharsets.UTF_8);
    Optional<String> v1 = lease.create(one);
    assertTrue(v1.isPresent());
    assertTrue(lease.create(two).isEmpty(), "a second create must fail");
    assertArrayEquals(one, lease.read().orElseThrow().content());
    assertTrue(lease.replace("\"0123\"", two).isEmpty(), "a replace with a stale ETag must fail");
    Optional<String> v2 = lease.replace(v1.get(), two);
    assertTrue(v2.isPresent());
    assertEquals(v2.get(), lease.read().orElseThrow().version());
    assertFalse(lease.delete(v1.get()), "a delete with a stale ETag must fail");
    assertTrue(lease.delete(v2.get()));
    assertTrue(lease.read().isEmpty());
    assertTrue(front.preconditionFailures() >= 3);
  }

  /** Writes and reads back 12 objects through a front proxy faulting 20% of requests. */
  private static long roundTripsUnderFaults(S3Options options, String prefix) throws IOException {
    try (S3FrontProxy faulty = S3FrontProxy.start(server, new S3FrontProxy.Faults(0.2, 42, 300))) {
      options.setEndpoint(java.net.URI.create(faulty.endpoint()));
      FileSystems.setDefaultPipelineOptions(options);
      for (int i = 0; i < 12; i++) {
        ResourceId file = ResourceIO.file("s3://primer-test/" + prefix + "/f" + i + ".json");
        ResourceIO.writeStringAtomically(file, "{\"i\":" + i + "}");
        assertEquals("{\"i\":" + i + "}", ResourceIO.readString(file));
      }
      return faulty.faulted();
    }
  }

  @Test
  void sdkRetriesCarryFileSystemCallsThroughInjectedFaultsAndWithoutRetriesTheyFail()
      throws IOException {
    long faulted = roundTripsUnderFaults(store.options(false), "faults");
    assertTrue(faulted > 3, "faults injected: " + faulted);

    S3Options noRetries = store.options(false);
    noRetries.setS3ClientFactoryClass(NoRetryS3ClientBuilderFactory.class);
    assertThrows(Exception.class, () -> roundTripsUnderFaults(noRetries, "control"));
  }
}

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
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * s3proxy as a real S3 server for Beam's {@code s3://} FileSystem and primer's S3 lease store,
 * directly and through {@link S3FrontProxy}. Includes the control that shows why the front proxy
 * exists: s3proxy 2.6.0 ignores conditional writes, and {@link S3LeaseStore} refuses it.
 */
class S3ProxyServerTest {

  private static final String ACCESS = "primer-test-access";
  private static final String SECRET = "primer-test-secret";

  @TempDir static Path temp;
  private static S3ProxyServer server;
  private static S3FrontProxy front;

  @BeforeAll
  static void start() throws IOException {
    assumeTrue(S3ProxyServer.available(), "s3proxy jar not found (-Dprimer.s3proxy.jar)");
    server = S3ProxyServer.start(temp, ACCESS, SECRET);
    server.createBucket("primer-test");
    front = S3FrontProxy.start(server, S3FrontProxy.Faults.none());
  }

  @AfterAll
  static void stop() throws IOException {
    if (front != null) {
      front.close();
    }
    if (server != null) {
      server.close();
      assertFalse(server.isAlive(), "s3proxy still runs after close");
    }
  }

  private static S3Options options(List<String> args) {
    S3Options options =
        PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).as(S3Options.class);
    options.setAwsCredentialsProvider(
        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS, SECRET)));
    return options;
  }

  @Test
  void beamFileSystemWritesRenamesListsReadsAndDeletes() throws IOException {
    FileSystems.setDefaultPipelineOptions(options(server.beamOptions())); // s3proxy itself
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
            S3LeaseStore.client(options(server.beamOptions())), "primer-test", "ctl/_LEASE.json");
    byte[] one = "1".getBytes(StandardCharsets.UTF_8);
    assertTrue(direct.create(one).isPresent());
    // the control: s3proxy answers 200 to a second create-if-absent
    assertTrue(
        direct.create(one).isPresent(), "s3proxy now honours If-None-Match: update the docs");
    UserError refused =
        assertThrows(
            UserError.class,
            () ->
                S3LeaseStore.of(
                    "s3://primer-test/ctl2/_LEASE.json", options(server.beamOptions())));
    assertTrue(refused.getMessage().contains("ignores conditional writes"), refused.getMessage());
    assertTrue(
        refused.getMessage().contains("s3://primer-test/ctl2/_LEASE.json"), refused.getMessage());
  }

  @Test
  void throughTheFrontProxyLeaseWritesAreConditional() throws IOException {
    S3LeaseStore store =
        S3LeaseStore.of("s3://primer-test/lease/_LEASE.json", options(front.beamOptions()));
    byte[] one = "1".getBytes(StandardCharsets.UTF_8);
    byte[] two = "2".getBytes(StandardCharsets.UTF_8);
    Optional<String> v1 = store.create(one);
    assertTrue(v1.isPresent());
    assertTrue(store.create(two).isEmpty(), "a second create must fail");
    assertArrayEquals(one, store.read().orElseThrow().content());
    assertTrue(store.replace("\"0123\"", two).isEmpty(), "a replace with a stale ETag must fail");
    Optional<String> v2 = store.replace(v1.get(), two);
    assertTrue(v2.isPresent());
    assertEquals(v2.get(), store.read().orElseThrow().version());
    assertFalse(store.delete(v1.get()), "a delete with a stale ETag must fail");
    assertTrue(store.delete(v2.get()));
    assertTrue(store.read().isEmpty());
    assertTrue(front.preconditionFailures() >= 3);
  }
}

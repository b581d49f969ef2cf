package dev.primer.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * An S3 store for one test class: {@link S3ProxyServer} (checking signatures against an access key
 * and secret) with one bucket, and an {@link S3FrontProxy} in front of it. Close it in
 * {@code @AfterAll}: both servers stop.
 */
public final class S3TestStore implements AutoCloseable {

  private final S3ProxyServer server;
  private final S3FrontProxy front;
  private final String accessKey;
  private final String secretKey;

  private S3TestStore(
      S3ProxyServer server, S3FrontProxy front, String accessKey, String secretKey) {
    this.server = server;
    this.front = front;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  /**
   * Starts s3proxy under {@code dir} with {@code bucket}, and a front proxy with {@code faults}.
   */
  public static S3TestStore start(
      Path dir, String accessKey, String secretKey, String bucket, S3FrontProxy.Faults faults)
      throws IOException {
    S3ProxyServer server = S3ProxyServer.start(Files.createDirectories(dir), accessKey, secretKey);
    try {
      server.createBucket(bucket);
      return new S3TestStore(server, S3FrontProxy.start(server, faults), accessKey, secretKey);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** s3proxy itself. */
  public S3ProxyServer server() {
    return server;
  }

  /** The front proxy. */
  public S3FrontProxy front() {
    return front;
  }

  /**
   * S3 options for this JVM (the test's own reads and writes) pointing at the front proxy, or at
   * s3proxy itself, with the store's credentials set in code.
   */
  public S3Options options(boolean viaFront) {
    List<String> args = viaFront ? front.beamOptions() : server.beamOptions();
    S3Options options =
        PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).as(S3Options.class);
    options.setAwsCredentialsProvider(
        StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)));
    return options;
  }

  @Override
  public void close() throws IOException {
    try {
      front.close();
    } finally {
      server.close();
    }
  }
}

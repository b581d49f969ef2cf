package dev.primer.lease;

import dev.primer.UserError;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.apache.beam.sdk.io.aws2.options.S3ClientBuilderFactory;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.util.InstanceBuilder;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A lease object on S3 (or an S3-compatible store), through the AWS SDK v2 client that Beam's
 * {@code s3://} FileSystem uses, built from the same options ({@code --s3ClientFactoryClass},
 * {@code --endpoint}, {@code --awsRegion}, {@code --awsCredentialsProvider}). Every write is a
 * conditional request, so the store itself decides races:
 *
 * <ul>
 *   <li>create: PutObject with {@code If-None-Match: *} (only if no object exists);
 *   <li>replace (heartbeat, takeover): PutObject with {@code If-Match: <observed ETag>};
 *   <li>delete (release): DeleteObject with {@code If-Match: <observed ETag>}.
 * </ul>
 *
 * A failed precondition (HTTP 412, or 409 ConditionalRequestConflict for a concurrent conditional
 * write) means another launcher got there first; the version is the object's ETag.
 *
 * <p>Not every S3-compatible server honours these headers: s3proxy 2.6.0, for one, ignores them and
 * answers 200, which would make a lease silently non-exclusive. {@link #of} therefore first probes
 * the endpoint with a scratch object next to the lease (a second create must fail, a replace and a
 * delete with a wrong ETag must fail) and refuses, with a {@link UserError}, an endpoint that
 * ignores any of them. The probe result is kept per endpoint and bucket for the JVM's life.
 */
public final class S3LeaseStore implements LeaseStore {

  private static final int PRECONDITION_FAILED = 412;
  private static final int CONFLICT = 409;
  private static final int NOT_FOUND = 404;
  private static final java.util.Set<String> PROBED =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final S3Client s3;
  private final String bucket;
  private final String key;

  /** A store for {@code s3://bucket/key} using {@code s3} (no probe; see {@link #of}). */
  public S3LeaseStore(S3Client s3, String bucket, String key) {
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
  }

  /**
   * A store for the lease at {@code s3://bucket/key}, with a client built from {@code options},
   * after checking that the endpoint honours conditional writes.
   *
   * @throws UserError when the endpoint ignores conditional writes
   */
  public static S3LeaseStore of(String s3Uri, S3Options options) throws IOException {
    String[] parts = split(s3Uri);
    S3LeaseStore store = new S3LeaseStore(client(options), parts[0], parts[1]);
    String endpoint = options.getEndpoint() == null ? "aws" : options.getEndpoint().toString();
    if (!PROBED.contains(endpoint + " " + parts[0])) {
      store.requireConditionalWrites();
      PROBED.add(endpoint + " " + parts[0]);
    }
    return store;
  }

  /** The S3 client Beam's {@code s3://} FileSystem would build from {@code options}. */
  public static S3Client client(S3Options options) {
    return InstanceBuilder.ofType(S3ClientBuilderFactory.class)
        .fromClass(options.getS3ClientFactoryClass())
        .build()
        .createBuilder(options)
        .build();
  }

  private static String[] split(String s3Uri) {
    if (!s3Uri.startsWith("s3://")) {
      throw new IllegalArgumentException("not an s3:// URI: " + s3Uri);
    }
    String path = s3Uri.substring("s3://".length());
    int slash = path.indexOf('/');
    if (slash <= 0 || slash == path.length() - 1) {
      throw new IllegalArgumentException("not an s3://bucket/key URI: " + s3Uri);
    }
    return new String[] {path.substring(0, slash), path.substring(slash + 1)};
  }

  /**
   * Checks, on a scratch object beside the lease, that the endpoint refuses a second create and a
   * replace and a delete with a wrong ETag; removes the scratch object.
   *
   * @throws UserError naming the endpoint behaviour when it does not
   */
  void requireConditionalWrites() throws IOException {
    S3LeaseStore probe = new S3LeaseStore(s3, bucket, key + ".probe-" + UUID.randomUUID());
    byte[] content = "{\"probe\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try {
      if (probe.create(content).isEmpty()) {
        throw new IOException("could not create the probe object " + probe.location());
      }
      String ignored = null;
      if (probe.create(content).isPresent()) {
        ignored = "If-None-Match: * on PutObject";
      } else if (probe.replace("\"00000000000000000000000000000000\"", content).isPresent()) {
        ignored = "If-Match on PutObject";
      } else if (probe.delete("\"00000000000000000000000000000000\"")) {
        ignored = "If-Match on DeleteObject";
      }
      if (ignored != null) {
        throw new UserError(
            "the S3 endpoint of "
                + location()
                + " ignores conditional writes ("
                + ignored
                + " was answered with success where S3 answers 412), so no run lease could be"
                + " exclusive there; use a store that honours them (AWS S3, MinIO) or a local,"
                + " file: or gs:// run root");
      }
    } finally {
      try {
        s3.deleteObject(b -> b.bucket(bucket).key(probe.key));
      } catch (SdkException e) {
        // the probe object is scratch; a failure to remove it must not hide the probe's verdict
      }
    }
  }

  @Override
  public Optional<Stored> read() throws IOException {
    ResponseBytes<GetObjectResponse> bytes;
    try {
      bytes = s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == NOT_FOUND) {
        return Optional.empty();
      }
      throw new IOException("reading " + location() + ": " + e.getMessage(), e);
    } catch (SdkException e) {
      throw new IOException("reading " + location() + ": " + e.getMessage(), e);
    }
    GetObjectResponse response = bytes.response();
    Instant modified = response.lastModified() == null ? Instant.EPOCH : response.lastModified();
    return Optional.of(new Stored(bytes.asByteArray(), response.eTag(), modified));
  }

  @Override
  public Optional<String> create(byte[] content) throws IOException {
    return put(content, "If-None-Match", "*");
  }

  @Override
  public Optional<String> replace(String expectedVersion, byte[] content) throws IOException {
    return put(content, "If-Match", expectedVersion);
  }

  private Optional<String> put(byte[] content, String header, String value) throws IOException {
    try {
      String etag =
          s3.putObject(
                  b ->
                      b.bucket(bucket)
                          .key(key)
                          .contentType("application/json")
                          .overrideConfiguration(condition(header, value)),
                  RequestBody.fromBytes(content))
              .eTag();
      return Optional.of(etag);
    } catch (S3Exception e) {
      if (e.statusCode() == PRECONDITION_FAILED
          || e.statusCode() == CONFLICT
          || ("If-Match".equals(header) && e.statusCode() == NOT_FOUND)) {
        return Optional.empty();
      }
      throw new IOException("writing " + location() + ": " + e.getMessage(), e);
    } catch (SdkException e) {
      throw new IOException("writing " + location() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean delete(String expectedVersion) throws IOException {
    try {
      s3.deleteObject(
          b ->
              b.bucket(bucket)
                  .key(key)
                  .overrideConfiguration(condition("If-Match", expectedVersion)));
      return true;
    } catch (S3Exception e) {
      if (e.statusCode() == PRECONDITION_FAILED
          || e.statusCode() == CONFLICT
          || e.statusCode() == NOT_FOUND) {
        return false;
      }
      throw new IOException("deleting " + location() + ": " + e.getMessage(), e);
    } catch (SdkException e) {
      throw new IOException("deleting " + location() + ": " + e.getMessage(), e);
    }
  }

  private static AwsRequestOverrideConfiguration condition(String header, String value) {
    return AwsRequestOverrideConfiguration.builder().putHeader(header, value).build();
  }

  @Override
  public String location() {
    return "s3://" + bucket + "/" + key;
  }
}

package dev.primer.lease;

import com.google.api.client.http.ByteArrayContent;
import com.google.api.client.http.HttpResponseException;
import com.google.api.services.storage.Storage;
import com.google.api.services.storage.model.StorageObject;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;
import org.apache.beam.sdk.extensions.gcp.options.GcsOptions;
import org.apache.beam.sdk.extensions.gcp.util.Transport;

/**
 * A lease object on Google Cloud Storage, through the GCS JSON API client Beam ships ({@link
 * Transport#newStorageClient}, which honours {@code --gcsEndpoint} and the credential factory of
 * {@link GcsOptions}). Every write is a precondition request, so GCS itself decides races:
 *
 * <ul>
 *   <li>create: insert with {@code ifGenerationMatch=0} (only if no live object exists);
 *   <li>replace (heartbeat, takeover): insert with {@code ifGenerationMatch=<observed generation>};
 *   <li>delete (release): delete with {@code ifGenerationMatch=<observed generation>}.
 * </ul>
 *
 * A failed precondition (HTTP 412) means another launcher got there first; the version is the
 * object's generation.
 */
public final class GcsLeaseStore implements LeaseStore {

  private static final int PRECONDITION_FAILED = 412;
  private static final int NOT_FOUND = 404;

  private final Storage storage;
  private final String bucket;
  private final String object;

  /** A store for {@code gs://bucket/object} using {@code storage}. */
  public GcsLeaseStore(Storage storage, String bucket, String object) {
    this.storage = storage;
    this.bucket = bucket;
    this.object = object;
  }

  /**
   * A store for the lease at {@code gs://bucket/object}, with a client built from {@code options}.
   */
  public static GcsLeaseStore of(String gcsUri, GcsOptions options) {
    if (!gcsUri.startsWith("gs://")) {
      throw new IllegalArgumentException("not a gs:// URI: " + gcsUri);
    }
    String path = gcsUri.substring("gs://".length());
    int slash = path.indexOf('/');
    if (slash <= 0 || slash == path.length() - 1) {
      throw new IllegalArgumentException("not a gs://bucket/object URI: " + gcsUri);
    }
    return new GcsLeaseStore(
        Transport.newStorageClient(options).build(),
        path.substring(0, slash),
        path.substring(slash + 1));
  }

  @Override
  public Optional<Stored> read() throws IOException {
    StorageObject metadata;
    try {
      metadata = storage.objects().get(bucket, object).execute();
    } catch (HttpResponseException e) {
      if (e.getStatusCode() == NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
    Storage.Objects.Get download = storage.objects().get(bucket, object);
    download.setGeneration(metadata.getGeneration());
    byte[] bytes;
    try (InputStream in = download.executeMediaAsInputStream()) {
      bytes = in.readAllBytes();
    } catch (HttpResponseException e) {
      if (e.getStatusCode() == NOT_FOUND) {
        return Optional.empty(); // replaced or deleted between the two requests
      }
      throw e;
    }
    Instant modified =
        metadata.getUpdated() == null
            ? Instant.EPOCH
            : Instant.ofEpochMilli(metadata.getUpdated().getValue());
    return Optional.of(new Stored(bytes, String.valueOf(metadata.getGeneration()), modified));
  }

  @Override
  public Optional<String> create(byte[] content) throws IOException {
    return insert(0L, content);
  }

  @Override
  public Optional<String> replace(String expectedVersion, byte[] content) throws IOException {
    return insert(Long.parseLong(expectedVersion), content);
  }

  private Optional<String> insert(long ifGenerationMatch, byte[] content) throws IOException {
    Storage.Objects.Insert insert =
        storage
            .objects()
            .insert(
                bucket,
                new StorageObject().setName(object).setContentType("application/json"),
                new ByteArrayContent("application/json", content));
    insert.setIfGenerationMatch(ifGenerationMatch);
    insert.getMediaHttpUploader().setDirectUploadEnabled(true); // one request, not resumable
    try {
      StorageObject written = insert.execute();
      return Optional.of(String.valueOf(written.getGeneration()));
    } catch (HttpResponseException e) {
      if (e.getStatusCode() == PRECONDITION_FAILED
          || (ifGenerationMatch != 0 && e.getStatusCode() == NOT_FOUND)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public boolean delete(String expectedVersion) throws IOException {
    Storage.Objects.Delete delete = storage.objects().delete(bucket, object);
    delete.setIfGenerationMatch(Long.parseLong(expectedVersion));
    try {
      delete.execute();
      return true;
    } catch (HttpResponseException e) {
      if (e.getStatusCode() == PRECONDITION_FAILED || e.getStatusCode() == NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public String location() {
    return "gs://" + bucket + "/" + object;
  }
}

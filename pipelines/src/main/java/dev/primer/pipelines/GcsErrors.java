package dev.primer.pipelines;

import com.google.api.client.http.HttpResponseException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One-line messages for the permanent answers of Cloud Storage that a user must act on: 403 (the
 * credentials lack a permission on the bucket) and 404 (no such bucket or object). Beam's and the
 * GCS client's retries never repeat these (they retry 5xx, 429 and I/O errors only), so a run stops
 * on the first one; the launcher reports it with the {@code gs://} URI instead of the client's
 * multi-line HTTP dump, and exits 2.
 */
final class GcsErrors {

  /** The request line the GCS client puts in an {@link HttpResponseException}'s message. */
  private static final Pattern REQUEST = Pattern.compile("(?m)^[A-Z]+ (https?://\\S+)");

  private GcsErrors() {}

  /** The message for the first 403 or 404 from Cloud Storage among {@code failure}'s causes. */
  static Optional<String> describe(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof HttpResponseException e
          && (e.getStatusCode() == 403 || e.getStatusCode() == 404)) {
        String uri = gcsUri(e.getMessage()).orElse("a Cloud Storage request");
        String why =
            e.getStatusCode() == 403
                ? "the credentials lack a permission on that bucket (see --credentialFactoryClass,"
                    + " GOOGLE_APPLICATION_CREDENTIALS)"
                : "no such bucket or object";
        return Optional.of(
            "Cloud Storage answered "
                + e.getStatusCode()
                + " "
                + (e.getStatusCode() == 403 ? "Forbidden" : "Not Found")
                + " for "
                + uri
                + ": "
                + why);
      }
    }
    return Optional.empty();
  }

  /**
   * {@code gs://bucket/object} (or {@code gs://bucket}) of the JSON API request named in a client
   * message ({@code .../b/BUCKET/o/OBJECT}, the object percent-encoded).
   */
  static Optional<String> gcsUri(String message) {
    if (message == null) {
      return Optional.empty();
    }
    Matcher m = REQUEST.matcher(message);
    if (!m.find()) {
      return Optional.empty();
    }
    String path;
    try {
      path = URI.create(m.group(1)).getRawPath();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    String[] parts = path.split("/");
    for (int i = 0; i + 1 < parts.length; i++) {
      if (parts[i].equals("b")) {
        String uri = "gs://" + parts[i + 1];
        if (i + 3 < parts.length && parts[i + 2].equals("o")) {
          uri += "/" + URLDecoder.decode(parts[i + 3], StandardCharsets.UTF_8);
        }
        return Optional.of(uri);
      }
    }
    return Optional.empty();
  }
}

package dev.primer.lease;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.client.http.LowLevelHttpRequest;
import com.google.api.client.http.LowLevelHttpResponse;
import com.google.api.client.testing.http.MockHttpTransport;
import com.google.api.client.testing.http.MockLowLevelHttpRequest;
import com.google.api.client.testing.http.MockLowLevelHttpResponse;
import com.google.api.services.storage.Storage;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.extensions.gcp.util.Transport;
import org.junit.jupiter.api.Test;

/**
 * {@link GcsLeaseStore} against an in-memory imitation of the GCS JSON API's object resource (get,
 * media download, multipart insert, delete) that enforces {@code ifGenerationMatch} as GCS
 * documents it (412 when it fails; 0 means "no live object"). This checks the requests primer sends
 * and how it reads the answers; it is not a test against GCS itself or a real emulator.
 */
class GcsLeaseStoreTest {

  /** One bucket of objects with generations; records every request as "METHOD path?query". */
  static final class FakeGcs extends MockHttpTransport {
    final Map<String, byte[]> content = new HashMap<>();
    final Map<String, Long> generation = new HashMap<>();
    final List<String> requests = new ArrayList<>();
    long nextGeneration = 1000;

    @Override
    public LowLevelHttpRequest buildRequest(String method, String url) {
      return new MockLowLevelHttpRequest(url) {
        @Override
        public LowLevelHttpResponse execute() throws java.io.IOException {
          URI uri = URI.create(url);
          Map<String, String> query = new HashMap<>();
          if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
              String[] kv = pair.split("=", 2);
              query.put(
                  kv[0], kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
          }
          requests.add(method + " " + uri.getRawPath() + "?" + uri.getRawQuery());
          synchronized (FakeGcs.this) {
            return answer(method, uri.getRawPath(), query, this);
          }
        }
      };
    }

    private MockLowLevelHttpResponse answer(
        String method, String path, Map<String, String> query, MockLowLevelHttpRequest request)
        throws java.io.IOException {
      Long ifGeneration =
          query.containsKey("ifGenerationMatch")
              ? Long.valueOf(query.get("ifGenerationMatch"))
              : null;
      if (method.equals("POST") && path.startsWith("/upload/storage/v1/b/bkt/o")) {
        String name = query.get("name");
        byte[] media = mediaOf(request);
        if (name == null) {
          name = nameFromMetadata(request);
        }
        long current = generation.getOrDefault(name, 0L);
        if (ifGeneration != null && ifGeneration != current) {
          return status(412);
        }
        content.put(name, media);
        generation.put(name, ++nextGeneration);
        return json(metadata(name));
      }
      String prefix = "/storage/v1/b/bkt/o/";
      String media = "/download" + prefix;
      if (path.startsWith(media)) {
        path = path.substring("/download".length());
        query.put("alt", "media");
      }
      if (!path.startsWith(prefix)) {
        return status(400);
      }
      String name = URLDecoder.decode(path.substring(prefix.length()), StandardCharsets.UTF_8);
      if (!generation.containsKey(name)) {
        return status(404);
      }
      switch (method) {
        case "GET" -> {
          if ("media".equals(query.get("alt"))) {
            if (query.containsKey("generation")
                && Long.parseLong(query.get("generation")) != generation.get(name)) {
              return status(404);
            }
            return new MockLowLevelHttpResponse()
                .setContentType("application/octet-stream")
                .setContent(new java.io.ByteArrayInputStream(content.get(name)));
          }
          return json(metadata(name));
        }
        case "DELETE" -> {
          if (ifGeneration != null && !ifGeneration.equals(generation.get(name))) {
            return status(412);
          }
          generation.remove(name);
          content.remove(name);
          return new MockLowLevelHttpResponse().setStatusCode(204);
        }
        default -> {
          return status(405);
        }
      }
    }

    private String metadata(String name) {
      return "{\"bucket\":\"bkt\",\"name\":\""
          + name
          + "\",\"generation\":\""
          + generation.get(name)
          + "\",\"updated\":\"2026-12-03T20:00:00.000Z\"}";
    }

    /** The request body (gunzipped when the client compressed it). */
    private static byte[] body(MockLowLevelHttpRequest request) throws java.io.IOException {
      return request.getContentAsString().getBytes(StandardCharsets.UTF_8);
    }

    /** The media part of a multipart/related upload: the last part's body. */
    private static byte[] mediaOf(MockLowLevelHttpRequest request) throws java.io.IOException {
      String text = new String(body(request), StandardCharsets.UTF_8);
      String boundary = request.getContentType().replaceAll(".*boundary=\"?([^\";]+)\"?.*", "$1");
      String[] parts = text.split("--" + java.util.regex.Pattern.quote(boundary));
      String media = parts[parts.length - 2];
      String bodyPart = media.substring(media.indexOf("\r\n\r\n") + 4);
      return bodyPart.substring(0, bodyPart.length() - 2).getBytes(StandardCharsets.UTF_8);
    }

    private static String nameFromMetadata(MockLowLevelHttpRequest request)
        throws java.io.IOException {
      String text = new String(body(request), StandardCharsets.UTF_8);
      return text.replaceAll("(?s).*\"name\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }

    private static MockLowLevelHttpResponse status(int code) {
      return new MockLowLevelHttpResponse()
          .setStatusCode(code)
          .setContentType("application/json")
          .setContent("{\"error\":{\"code\":" + code + ",\"message\":\"fake " + code + "\"}}");
    }

    private static MockLowLevelHttpResponse json(String body) {
      return new MockLowLevelHttpResponse().setContentType("application/json").setContent(body);
    }
  }

  private static GcsLeaseStore store(FakeGcs gcs) {
    Storage storage =
        new Storage.Builder(gcs, Transport.getJsonFactory(), null)
            .setApplicationName("primer-test")
            .build();
    return new GcsLeaseStore(storage, "bkt", "runs/r1/_LEASE.json");
  }

  @Test
  void createIsIfGenerationMatchZeroAndWritesAreConditionalOnTheGeneration() throws Exception {
    FakeGcs gcs = new FakeGcs();
    GcsLeaseStore store = store(gcs);
    assertEquals("gs://bkt/runs/r1/_LEASE.json", store.location());
    assertTrue(store.read().isEmpty());

    Optional<String> first = store.create("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    assertTrue(first.isPresent());
    assertTrue(
        gcs.requests.stream()
            .anyMatch(r -> r.startsWith("POST ") && r.contains("ifGenerationMatch=0")),
        gcs.requests.toString());
    assertTrue(store.create("{\"b\":2}".getBytes(StandardCharsets.UTF_8)).isEmpty(), "412");
    LeaseStore.Stored stored = store.read().orElseThrow();
    assertArrayEquals("{\"a\":1}".getBytes(StandardCharsets.UTF_8), stored.content());
    assertEquals(first.get(), stored.version());

    assertTrue(store.replace("1", "x".getBytes(StandardCharsets.UTF_8)).isEmpty());
    Optional<String> second =
        store.replace(first.get(), "{\"c\":3}".getBytes(StandardCharsets.UTF_8));
    assertTrue(second.isPresent());
    assertTrue(
        gcs.requests.stream().anyMatch(r -> r.contains("ifGenerationMatch=" + first.get())),
        gcs.requests.toString());
    assertFalse(store.delete(first.get()), "stale generation deletes nothing");
    assertTrue(store.delete(second.get()));
    assertTrue(store.read().isEmpty());
  }

  @Test
  void runLeaseOverGcsRefusesASecondLauncherAndReleases() throws Exception {
    FakeGcs gcs = new FakeGcs();
    LeaseRecord alice =
        new LeaseRecord(
            "alice@h",
            "h",
            7,
            Instant.now().toString(),
            Instant.now().toString(),
            "id-a",
            "run",
            30);
    LeaseRecord bob =
        new LeaseRecord(
            "bob@h", "h", 8, Instant.now().toString(), Instant.now().toString(), "id-b", "run", 30);
    try (RunLease held =
        RunLease.acquire(
            store(gcs),
            new RunLease.Request(alice, Duration.ofSeconds(600), false, Duration.ofSeconds(30)))) {
      LeaseHeldException refused =
          assertThrows(
              LeaseHeldException.class,
              () ->
                  RunLease.acquire(
                      store(gcs),
                      new RunLease.Request(
                          bob, Duration.ofSeconds(600), false, Duration.ofSeconds(30))));
      assertTrue(refused.getMessage().contains("alice@h pid 7"), refused.getMessage());
      held.checkHeld();
    }
    assertTrue(gcs.generation.isEmpty(), "released");
  }
}

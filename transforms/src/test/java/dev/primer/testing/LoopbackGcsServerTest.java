package dev.primer.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.primer.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.util.MimeTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LoopbackGcsServer} answers the status codes the Cloud Storage JSON API documents (checked
 * with plain HTTP requests), and Beam's real {@code GcsFileSystem} works against it end to end:
 * create, ranged read, match across listing pages, rename (batch rewrite + delete), delete, and a
 * multi-MiB resumable upload in many chunks, with and without injected faults.
 */
class LoopbackGcsServerTest {

  private LoopbackGcsServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws IOException {
    server = LoopbackGcsServer.start().createBucket("bkt");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String base() {
    return "http://127.0.0.1:" + server.port();
  }

  private HttpResponse<byte[]> send(String method, String path, byte[] body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base() + path))
            .method(
                method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), BodyHandlers.ofByteArray());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode json(HttpResponse<byte[]> r) throws IOException {
    return Json.mapper().readTree(r.body());
  }

  private long insert(String name, String content, String precondition) throws Exception {
    HttpResponse<byte[]> r =
        send(
            "POST",
            "/upload/storage/v1/b/bkt/o?uploadType=media&name=" + name + precondition,
            utf8(content),
            "Content-Type",
            "text/plain");
    assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    return json(r).get("generation").asLong();
  }

  @Test
  void statusCodesFollowTheJsonApi() throws Exception {
    assertEquals(404, send("GET", "/storage/v1/b/nope", null).statusCode(), "no bucket");
    assertEquals(404, send("GET", "/storage/v1/b/bkt/o/missing", null).statusCode());
    assertEquals(404, send("DELETE", "/storage/v1/b/bkt/o/missing", null).statusCode());
    assertEquals(
        409,
        send("POST", "/storage/v1/b?project=p", utf8("{\"name\":\"bkt\"}")).statusCode(),
        "bucket name taken");
    assertEquals(200, send("GET", "/storage/v1/b/bkt", null).statusCode());
    server.forbid("secret");
    assertEquals(403, send("GET", "/storage/v1/b/secret/o/x?alt=media", null).statusCode());

    long gen = insert("d%2Fa.txt", "hello world", "&ifGenerationMatch=0");
    JsonNode meta = json(send("GET", "/storage/v1/b/bkt/o/d%2Fa.txt", null));
    assertEquals("d/a.txt", meta.get("name").asText());
    assertEquals(11, meta.get("size").asLong());
    assertEquals(gen, meta.get("generation").asLong());
    assertEquals(
        412,
        send(
                "POST",
                "/upload/storage/v1/b/bkt/o?uploadType=media&name=d%2Fa.txt&ifGenerationMatch=0",
                utf8("x"))
            .statusCode(),
        "ifGenerationMatch=0 on a live object");
    assertEquals(
        304,
        send("GET", "/storage/v1/b/bkt/o/d%2Fa.txt?ifGenerationNotMatch=" + gen, null)
            .statusCode());
    assertEquals(
        404,
        send("GET", "/storage/v1/b/bkt/o/d%2Fa.txt?alt=media&generation=" + (gen - 1), null)
            .statusCode(),
        "a generation that is not live");

    HttpResponse<byte[]> ranged =
        send("GET", "/download/storage/v1/b/bkt/o/d%2Fa.txt?alt=media", null, "Range", "bytes=6-");
    assertEquals(206, ranged.statusCode());
    assertEquals("world", new String(ranged.body(), StandardCharsets.UTF_8));
    assertEquals("bytes 6-10/11", ranged.headers().firstValue("Content-Range").orElseThrow());
    assertEquals(
        "hello",
        new String(
            send("GET", "/storage/v1/b/bkt/o/d%2Fa.txt?alt=media", null, "Range", "bytes=0-4")
                .body(),
            StandardCharsets.UTF_8));
    assertEquals(
        "rld",
        new String(
            send("GET", "/storage/v1/b/bkt/o/d%2Fa.txt?alt=media", null, "Range", "bytes=-3")
                .body(),
            StandardCharsets.UTF_8));
    assertEquals(
        416,
        send("GET", "/storage/v1/b/bkt/o/d%2Fa.txt?alt=media", null, "Range", "bytes=11-")
            .statusCode());

    assertEquals(409, send("DELETE", "/storage/v1/b/bkt", null).statusCode(), "bucket not empty");
    assertEquals(
        412,
        send("DELETE", "/storage/v1/b/bkt/o/d%2Fa.txt?ifGenerationMatch=" + (gen + 99), null)
            .statusCode());
    assertEquals(
        412,
        send(
                "POST",
                "/storage/v1/b/bkt/o/d%2Fa.txt/rewriteTo/b/bkt/o/d%2Fb.txt?ifSourceGenerationMatch=1",
                utf8("{}"),
                "Content-Type",
                "application/json")
            .statusCode());
    HttpResponse<byte[]> rewrite =
        send(
            "POST",
            "/storage/v1/b/bkt/o/d%2Fa.txt/rewriteTo/b/bkt/o/d%2Fb.txt?ifGenerationMatch=0",
            utf8("{}"),
            "Content-Type",
            "application/json");
    assertEquals(200, rewrite.statusCode());
    assertTrue(json(rewrite).get("done").asBoolean());
    assertEquals("d/b.txt", json(rewrite).get("resource").get("name").asText());
    assertEquals(
        204,
        send("DELETE", "/storage/v1/b/bkt/o/d%2Fa.txt?ifGenerationMatch=" + gen, null)
            .statusCode());
    assertEquals(List.of("d/b.txt"), server.names("bkt"));
    assertEquals(
        400,
        send("POST", "/upload/storage/v1/b/bkt/o?uploadType=media", utf8("x")).statusCode(),
        "no name");
  }

  @Test
  void resumableUploadsAnswer308WithTheCommittedRange() throws Exception {
    HttpResponse<byte[]> init =
        send(
            "POST",
            "/upload/storage/v1/b/bkt/o?uploadType=resumable&ifGenerationMatch=0",
            utf8("{\"name\":\"big.bin\",\"contentType\":\"application/octet-stream\"}"),
            "Content-Type",
            "application/json");
    assertEquals(200, init.statusCode());
    String session = init.headers().firstValue("Location").orElseThrow();
    String path = session.substring(base().length());
    byte[] data = new byte[10];
    new Random(1).nextBytes(data);

    HttpResponse<byte[]> first =
        send("PUT", path, java.util.Arrays.copyOf(data, 4), "Content-Range", "bytes 0-3/*");
    assertEquals(308, first.statusCode());
    assertEquals("bytes=0-3", first.headers().firstValue("Range").orElseThrow());
    HttpResponse<byte[]> query = send("PUT", path, null, "Content-Range", "bytes */*");
    assertEquals(308, query.statusCode());
    assertEquals("bytes=0-3", query.headers().firstValue("Range").orElseThrow());
    // A resent overlapping chunk keeps only the bytes after the committed ones.
    HttpResponse<byte[]> last =
        send(
            "PUT",
            path,
            java.util.Arrays.copyOfRange(data, 2, 10),
            "Content-Range",
            "bytes 2-9/10");
    assertEquals(200, last.statusCode());
    assertEquals(10, json(last).get("size").asLong());
    assertArrayEquals(data, server.get("bkt", "big.bin").orElseThrow());
    assertEquals(
        404,
        send(
                "PUT",
                "/upload/storage/v1/b/bkt/o?uploadType=resumable&upload_id=nope",
                null,
                "Content-Range",
                "bytes */*")
            .statusCode());
  }

  @Test
  void listingPagesWithPrefixDelimiterAndTokens() throws Exception {
    for (String name : List.of("a/1", "a/2", "a/sub/3", "a/sub/4", "b/5")) {
      server.put("bkt", name, utf8(name));
    }
    server.pageSize(2);
    List<String> seen = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      JsonNode page =
          json(
              send(
                  "GET",
                  "/storage/v1/b/bkt/o?prefix=a%2F&delimiter=%2F&maxResults=100"
                      + (token == null ? "" : "&pageToken=" + token),
                  null));
      page.path("items").forEach(i -> seen.add(i.get("name").asText()));
      page.path("prefixes").forEach(p -> prefixes.add(p.asText()));
      token = page.hasNonNull("nextPageToken") ? page.get("nextPageToken").asText() : null;
      pages++;
    } while (token != null);
    assertEquals(List.of("a/1", "a/2"), seen);
    assertEquals(List.of("a/sub/"), prefixes);
    assertEquals(2, pages, "3 entries, 2 per page");
  }

  @Test
  void batchAnswersEveryPartInOrder() throws Exception {
    long gen = server.put("bkt", "x", utf8("x"));
    String boundary = "b0undary";
    String body =
        part(boundary, "GET /storage/v1/b/bkt/o/x HTTP/1.1")
            + part(boundary, "DELETE /storage/v1/b/bkt/o/missing HTTP/1.1")
            + part(boundary, "DELETE /storage/v1/b/bkt/o/x?ifGenerationMatch=" + gen + " HTTP/1.1")
            + "--"
            + boundary
            + "--\r\n";
    HttpResponse<byte[]> r =
        send(
            "POST",
            "/batch/storage/v1",
            utf8(body),
            "Content-Type",
            "multipart/mixed; boundary=" + boundary);
    assertEquals(200, r.statusCode());
    String text = new String(r.body(), StandardCharsets.UTF_8);
    List<String> statuses =
        text.lines().filter(l -> l.startsWith("HTTP/1.1 ")).collect(Collectors.toList());
    assertEquals(
        List.of("HTTP/1.1 200 OK", "HTTP/1.1 404 Not Found", "HTTP/1.1 204 No Content"), statuses);
    assertTrue(server.names("bkt").isEmpty());
  }

  private static String part(String boundary, String requestLine) {
    return "--"
        + boundary
        + "\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
        + requestLine
        + "\r\n\r\n\r\n";
  }

  @Test
  void beamFileSystemsRoundTrip() throws Exception {
    roundTrip();
    List<String> log = server.requestLog();
    assertTrue(
        log.stream().anyMatch(l -> l.startsWith("POST /batch/storage/v1")),
        "rename and delete go through the batch endpoint");
    assertTrue(log.stream().anyMatch(l -> l.contains("/rewriteTo/")), "rename is a rewrite");
    long chunks =
        log.stream().filter(l -> l.startsWith("PUT /upload/") && l.contains("upload_id")).count();
    assertTrue(chunks >= 12, "3 MiB in 256 KiB chunks: " + chunks + " PUTs");
  }

  @Test
  void beamFileSystemsRoundTripSurvivesInjectedFaults() throws Exception {
    server.faults(
        new LoopbackGcsServer.Faults(0.2, 42, List.of(LoopbackGcsServer.FaultKind.values()), 50));
    roundTrip();
    assertTrue(server.faultCount() > 0, "faults were injected: " + server.faultCount());

    // Control: the same faults reach a client that does not retry.
    int failures = 0;
    for (int i = 0; i < 40; i++) {
      try {
        if (send("GET", "/storage/v1/b/bkt", null).statusCode() != 200) {
          failures++;
        }
      } catch (IOException e) {
        failures++;
      }
    }
    assertTrue(failures > 0, "a client without retries sees the faults");
  }

  /** Beam's GcsFileSystem against the server, with 256 KiB upload chunks and 2 entries a page. */
  private void roundTrip() throws Exception {
    List<String> args = new ArrayList<>(server.beamArgs());
    args.add("--gcsUploadBufferSizeBytes=262144");
    FileSystems.setDefaultPipelineOptions(
        PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).create());
    server.pageSize(2);
    String dir = "gs://bkt/run/";
    for (int i = 0; i < 5; i++) {
      write(dir + "part-" + i + ".txt", utf8("line " + i + " of part " + i));
    }
    try (SeekableByteChannel in =
        (SeekableByteChannel)
            FileSystems.open(FileSystems.matchNewResource(dir + "part-3.txt", false))) {
      assertEquals(16, in.size());
      in.position(5);
      ByteBuffer buf = ByteBuffer.allocate(6);
      while (buf.hasRemaining() && in.read(buf) > 0) {}
      assertEquals("3 of p", new String(buf.array(), StandardCharsets.UTF_8), "ranged read");
    }
    MatchResult match = FileSystems.match(dir + "part-*.txt");
    assertEquals(MatchResult.Status.OK, match.status());
    assertEquals(5, match.metadata().size(), "5 objects across 3 listing pages");
    assertEquals(16, match.metadata().get(0).sizeBytes());

    ResourceId from = FileSystems.matchNewResource(dir + "part-0.txt", false);
    ResourceId to = FileSystems.matchNewResource(dir + "renamed.txt", false);
    FileSystems.rename(List.of(from), List.of(to), StandardMoveOptions.IGNORE_MISSING_FILES);
    assertFalse(server.get("bkt", "run/part-0.txt").isPresent());
    assertEquals(
        "line 0 of part 0",
        new String(server.get("bkt", "run/renamed.txt").orElseThrow(), StandardCharsets.UTF_8));
    FileSystems.delete(List.of(to, FileSystems.matchNewResource(dir + "part-1.txt", false)));
    assertEquals(
        List.of("run/part-2.txt", "run/part-3.txt", "run/part-4.txt"), server.names("bkt"));
    assertEquals(
        MatchResult.Status.NOT_FOUND,
        FileSystems.match(List.of(dir + "renamed.txt")).get(0).status());

    byte[] big = new byte[3 * 1024 * 1024 + 123];
    new Random(7).nextBytes(big);
    write(dir + "big.bin", big);
    assertArrayEquals(big, server.get("bkt", "run/big.bin").orElseThrow());
    try (InputStream in =
        Channels.newInputStream(
            FileSystems.open(FileSystems.matchNewResource(dir + "big.bin", false)))) {
      assertArrayEquals(big, in.readAllBytes(), "read back through Beam");
    }
  }

  private static void write(String uri, byte[] content) throws IOException {
    try (OutputStream out =
        Channels.newOutputStream(
            FileSystems.create(FileSystems.matchNewResource(uri, false), MimeTypes.BINARY))) {
      out.write(content);
    }
  }
}

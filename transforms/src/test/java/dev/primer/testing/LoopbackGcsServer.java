package dev.primer.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.primer.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;

/**
 * A loopback server of the Cloud Storage JSON API, in memory, for tests (and by hand: see {@link
 * #main}). It serves what Beam's {@code GcsUtil}/{@code GcsFileSystem} (with gcsio's read and write
 * channels) and the GCS JSON client ({@code com.google.api.services.storage.Storage}) send, with
 * the status codes the API documents:
 *
 * <ul>
 *   <li>buckets: {@code GET/DELETE /storage/v1/b/B}, {@code POST /storage/v1/b} (409 when the name
 *       is taken; 409 deleting a bucket that holds objects);
 *   <li>object metadata {@code GET /storage/v1/b/B/o/O} and delete; media download with {@code
 *       alt=media} (also under {@code /download}), honouring {@code Range: bytes=a-b | a- | -n}
 *       (206 with {@code Content-Range}; 416 when the start lies past the end of a non-empty
 *       object);
 *   <li>uploads under {@code /upload/storage/v1/b/B/o}: {@code uploadType=media}, {@code multipart}
 *       (multipart/related: metadata part, media part) and {@code resumable} (initiation answers a
 *       {@code Location}; each {@code PUT} carries {@code Content-Range: bytes a-b/total|*} and is
 *       answered 308 with {@code Range: bytes=0-n} until the last byte; {@code bytes *}{@code /...}
 *       asks for the committed range; an unknown session is 404). Request bodies sent with {@code
 *       Content-Encoding: gzip} are inflated;
 *   <li>listing {@code GET /storage/v1/b/B/o} with {@code prefix}, {@code delimiter} (collapsed
 *       names go to {@code prefixes}), {@code maxResults}, {@code pageToken}/{@code nextPageToken};
 *       the server never returns more than {@link #pageSize(int) pageSize} entries per page (as GCS
 *       may return fewer than asked), so tests can force many pages;
 *   <li>{@code POST .../o/S/rewriteTo/b/D/o/T} and {@code copyTo} (always {@code done} in one
 *       call);
 *   <li>the batch endpoint {@code POST /batch/storage/v1}: a multipart/mixed body of {@code
 *       application/http} requests, answered by a multipart/mixed body of responses in the same
 *       order (at most 100 parts, else 400);
 *   <li>preconditions {@code ifGenerationMatch} (0: only when no live object exists), {@code
 *       ifGenerationNotMatch}, {@code ifMetagenerationMatch}, {@code ifMetagenerationNotMatch},
 *       {@code ifSourceGenerationMatch}: 412 when one fails on a write, a delete or a rewrite; 304
 *       when a {@code ...NotMatch} fails on a read; a {@code generation} that is not the live one
 *       is 404.
 *   <li>403 for every request naming a bucket marked with {@link #forbid(String)} (as for a caller
 *       without permission).
 * </ul>
 *
 * Not served (400 or 404): versioned buckets, compose, ACLs, object patch, XML API, gRPC.
 *
 * <p>Fault injection ({@link #faults(Faults)}): before a request (or a batch part) is processed, a
 * seeded random draw decides whether it is answered 503, 429, dropped (the connection is closed
 * without a response: the client sees an unexpected end of stream, as after a reset) or delayed. A
 * faulted request changes nothing, so a retry is always safe. Counts are in {@link #faultCount()}
 * and {@link #requestCount()}.
 *
 * <p>Beam and the GCS client reach it with {@link #beamArgs()}: {@code
 * --gcsEndpoint=http://127.0.0.1:PORT/storage/v1/} and {@code
 * --credentialFactoryClass=org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory}.
 */
public final class LoopbackGcsServer implements AutoCloseable {

  /** What a faulted request gets. */
  public enum FaultKind {
    /** HTTP 503 Service Unavailable. */
    UNAVAILABLE,
    /** HTTP 429 Too Many Requests. */
    TOO_MANY_REQUESTS,
    /** The connection is closed before any response byte. */
    RESET,
    /** The request is processed normally after {@link Faults#delayMillis()}. */
    SLOW
  }

  /**
   * A share of requests to fault, drawn from a {@link java.util.Random} seeded with {@code seed};
   * each faulted request gets one of {@code kinds}, drawn from the same generator. Batch parts only
   * get 503 or 429 (a part cannot be dropped or delayed on its own).
   */
  public record Faults(double share, long seed, List<FaultKind> kinds, long delayMillis) {
    /** No faults. */
    public static final Faults NONE = new Faults(0, 0, List.of(FaultKind.UNAVAILABLE), 0);

    public Faults {
      if (share < 0 || share > 1) {
        throw new IllegalArgumentException("fault share must lie in [0, 1]: " + share);
      }
      if (kinds.isEmpty()) {
        throw new IllegalArgumentException("no fault kinds");
      }
      kinds = List.copyOf(kinds);
    }

    /** {@code share} of requests faulted, evenly among every kind, 200 ms for a slow one. */
    public static Faults of(double share, long seed) {
      return new Faults(share, seed, List.of(FaultKind.values()), 200);
    }
  }

  /** The value of {@code --credentialFactoryClass} that sends no credentials. */
  public static final String NOOP_CREDENTIALS =
      "org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory";

  private static final int MAX_BATCH_PARTS = 100;
  private static final Pattern CONTENT_RANGE =
      Pattern.compile("bytes (?:(\\d+)-(\\d+)|\\*)/(\\d+|\\*)");
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  private record StoredObject(
      byte[] data,
      long generation,
      long metageneration,
      String contentType,
      Instant created,
      Instant updated) {}

  private static final class Upload {
    final String bucket;
    final String name;
    final String contentType;
    final Map<String, String> preconditions;
    final ByteArrayOutputStream data = new ByteArrayOutputStream();
    StoredObject done;

    Upload(String bucket, String name, String contentType, Map<String, String> preconditions) {
      this.bucket = bucket;
      this.name = name;
      this.contentType = contentType;
      this.preconditions = preconditions;
    }
  }

  /** An answer: status, headers, body (may be empty). */
  private record Answer(int status, Map<String, String> headers, byte[] body) {
    static Answer json(int status, JsonNode node) {
      return new Answer(
          status,
          Map.of("Content-Type", "application/json; charset=UTF-8"),
          node.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Answer empty(int status) {
      return new Answer(status, Map.of(), new byte[0]);
    }
  }

  /** Thrown inside a handler to answer an API error. */
  private static final class ApiError extends RuntimeException {
    final int status;

    ApiError(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, TreeMap<String, StoredObject>> buckets = new TreeMap<>();
  private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
  private final AtomicLong generations = new AtomicLong(1_700_000_000_000_000L);
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong faulted = new AtomicLong();
  private final List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
  private volatile int pageSize = 1000;
  private final java.util.Set<String> forbidden = ConcurrentHashMap.newKeySet();
  private volatile Faults faults = Faults.NONE;
  private java.util.Random random = new java.util.Random(0);

  private LoopbackGcsServer(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "loopback-gcs");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a server on a free port of 127.0.0.1, with no buckets and no faults. */
  public static LoopbackGcsServer start() throws IOException {
    return new LoopbackGcsServer(0);
  }

  /** Starts a server on {@code port} of 127.0.0.1 (0: a free one). */
  public static LoopbackGcsServer start(int port) throws IOException {
    return new LoopbackGcsServer(port);
  }

  /** The port on 127.0.0.1. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The value of {@code --gcsEndpoint}: {@code http://127.0.0.1:PORT/storage/v1/}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port() + "/storage/v1/";
  }

  /** {@code --gcsEndpoint=...} and {@code --credentialFactoryClass=...} for Beam options. */
  public List<String> beamArgs() {
    return List.of("--gcsEndpoint=" + endpoint(), "--credentialFactoryClass=" + NOOP_CREDENTIALS);
  }

  /** Caps every listing page at {@code entries} (items plus prefixes); returns this. */
  public LoopbackGcsServer pageSize(int entries) {
    if (entries < 1) {
      throw new IllegalArgumentException("page size must be positive: " + entries);
    }
    this.pageSize = entries;
    return this;
  }

  /** Faults requests from now on, as {@code faults} says; returns this. */
  public synchronized LoopbackGcsServer faults(Faults faults) {
    this.faults = faults;
    this.random = new java.util.Random(faults.seed());
    return this;
  }

  /** Requests (batch parts included) received so far. */
  public long requestCount() {
    return requests.get();
  }

  /**
   * Every request processed so far (batch parts included, faulted ones excluded), as {@code "METHOD
   * /raw/path?rawQuery"}, in arrival order.
   */
  public List<String> requestLog() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  /** Requests (batch parts included) faulted so far. */
  public long faultCount() {
    return faulted.get();
  }

  /** Answers 403 Forbidden to every request naming {@code bucket}; returns this. */
  public LoopbackGcsServer forbid(String bucket) {
    forbidden.add(bucket);
    return this;
  }

  /** Creates {@code bucket} (no-op if it exists); returns this. */
  public synchronized LoopbackGcsServer createBucket(String bucket) {
    buckets.computeIfAbsent(bucket, b -> new TreeMap<>());
    return this;
  }

  /** Stores {@code data} as {@code gs://bucket/name} (creating the bucket); its generation. */
  public synchronized long put(String bucket, String name, byte[] data) {
    createBucket(bucket);
    return store(bucket, name, data, "application/octet-stream").generation();
  }

  /** The content of {@code gs://bucket/name}, if it exists. */
  public synchronized Optional<byte[]> get(String bucket, String name) {
    TreeMap<String, StoredObject> objects = buckets.get(bucket);
    StoredObject o = objects == null ? null : objects.get(name);
    return o == null ? Optional.empty() : Optional.of(o.data().clone());
  }

  /** The names of the live objects of {@code bucket}, sorted. */
  public synchronized List<String> names(String bucket) {
    TreeMap<String, StoredObject> objects = buckets.get(bucket);
    return objects == null ? List.of() : List.copyOf(objects.keySet());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ---------------------------------------------------------------- dispatch

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      FaultKind fault = drawFault(false);
      if (fault == FaultKind.RESET) {
        return; // closing the exchange before any header closes the connection
      }
      byte[] body = readBody(exchange.getRequestHeaders(), exchange.getRequestBody());
      Answer answer;
      if (fault == FaultKind.SLOW) {
        sleep(faults.delayMillis());
        fault = null;
      }
      if (fault != null) {
        answer = faultAnswer(fault);
      } else {
        URI uri = exchange.getRequestURI();
        answer =
            answer(
                exchange.getRequestMethod(),
                uri.getRawPath(),
                uri.getRawQuery(),
                exchange.getRequestHeaders(),
                body);
      }
      Headers out = exchange.getResponseHeaders();
      answer.headers().forEach(out::set);
      boolean noBody = answer.body().length == 0;
      exchange.sendResponseHeaders(answer.status(), noBody ? -1 : answer.body().length);
      if (!noBody) {
        try (OutputStream os = exchange.getResponseBody()) {
          os.write(answer.body());
        }
      }
    }
  }

  private synchronized FaultKind drawFault(boolean batchPart) {
    Faults f = faults;
    if (f.share() <= 0 || random.nextDouble() >= f.share()) {
      return null;
    }
    List<FaultKind> kinds = f.kinds();
    if (batchPart) {
      kinds =
          kinds.stream()
              .filter(k -> k == FaultKind.UNAVAILABLE || k == FaultKind.TOO_MANY_REQUESTS)
              .toList();
      if (kinds.isEmpty()) {
        return null;
      }
    }
    faulted.incrementAndGet();
    return kinds.get(random.nextInt(kinds.size()));
  }

  private static Answer faultAnswer(FaultKind fault) {
    int status = fault == FaultKind.TOO_MANY_REQUESTS ? 429 : 503;
    return error(status, "injected fault " + fault);
  }

  private Answer answer(
      String method, String rawPath, String rawQuery, Headers headers, byte[] body) {
    Answer answer = route(method, rawPath, rawQuery, headers, body);
    log.add(
        method + " " + rawPath + (rawQuery == null ? "" : "?" + rawQuery) + " " + answer.status());
    return answer;
  }

  private Answer route(
      String method, String rawPath, String rawQuery, Headers headers, byte[] body) {
    try {
      Map<String, String> query = parseQuery(rawQuery);
      List<String> p = segments(rawPath);
      for (int i = 0; i + 1 < p.size(); i++) {
        if (p.get(i).equals("b") && forbidden.contains(p.get(i + 1))) {
          throw new ApiError(
              403,
              "anonymous caller does not have storage.objects access to the Google Cloud Storage"
                  + " bucket "
                  + p.get(i + 1));
        }
      }
      if (p.size() >= 2 && p.get(0).equals("batch") && method.equals("POST")) {
        return batch(headers, body);
      }
      if (p.size() == 6
          && p.get(0).equals("upload")
          && p.get(3).equals("b")
          && p.get(5).equals("o")) {
        return upload(method, p.get(4), query, headers, body);
      }
      if (p.size() >= 2 && p.get(0).equals("download")) {
        p = p.subList(1, p.size());
        query.put("alt", "media");
      }
      if (p.size() < 2 || !p.get(0).equals("storage") || !p.get(1).equals("v1")) {
        throw new ApiError(404, "Not Found");
      }
      return api(method, p.subList(2, p.size()), query, headers, body);
    } catch (ApiError e) {
      return error(e.status, e.getMessage());
    } catch (IllegalArgumentException e) { // a malformed number or escape in the request
      return error(400, "Bad Request: " + e.getMessage());
    }
  }

  /** {@code rest}: the path after {@code /storage/v1}. */
  private Answer api(
      String method, List<String> rest, Map<String, String> query, Headers headers, byte[] body) {
    int n = rest.size();
    if (n == 1 && rest.get(0).equals("b")) {
      if (method.equals("POST")) {
        String name = tree(body).path("name").asText("");
        return createBucketAnswer(name);
      }
      throw new ApiError(400, "listing buckets is not served");
    }
    if (n < 2 || !rest.get(0).equals("b")) {
      throw new ApiError(404, "Not Found");
    }
    String bucket = rest.get(1);
    if (n == 2) {
      return switch (method) {
        case "GET" -> Answer.json(200, bucketJson(bucket));
        case "DELETE" -> deleteBucket(bucket);
        default -> throw new ApiError(405, "method " + method + " on a bucket");
      };
    }
    if (!rest.get(2).equals("o")) {
      throw new ApiError(404, "Not Found");
    }
    if (n == 3) {
      if (method.equals("GET")) {
        return list(bucket, query);
      }
      throw new ApiError(405, "method " + method + " on objects");
    }
    String name = decode(rest.get(3));
    if (n == 4) {
      return switch (method) {
        case "GET" ->
            "media".equals(query.get("alt"))
                ? media(bucket, name, query, headers)
                : Answer.json(200, objectJson(bucket, name, readable(bucket, name, query)));
        case "DELETE" -> delete(bucket, name, query);
        default -> throw new ApiError(405, "method " + method + " on an object");
      };
    }
    if (n == 9
        && method.equals("POST")
        && (rest.get(4).equals("rewriteTo") || rest.get(4).equals("copyTo"))
        && rest.get(5).equals("b")
        && rest.get(7).equals("o")) {
      return rewrite(
          bucket,
          name,
          rest.get(6),
          decode(rest.get(8)),
          query,
          body,
          rest.get(4).equals("copyTo"));
    }
    throw new ApiError(404, "Not Found");
  }

  // ---------------------------------------------------------------- buckets

  private synchronized Answer createBucketAnswer(String name) {
    if (name.isEmpty()) {
      throw new ApiError(400, "bucket name required");
    }
    if (buckets.containsKey(name)) {
      throw new ApiError(409, "The requested bucket name is not available: " + name);
    }
    buckets.put(name, new TreeMap<>());
    return Answer.json(200, bucketJson(name));
  }

  private synchronized ObjectNode bucketJson(String bucket) {
    objects(bucket);
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("kind", "storage#bucket");
    node.put("id", bucket);
    node.put("name", bucket);
    node.put("projectNumber", "1");
    node.put("location", "LOOPBACK");
    node.put("storageClass", "STANDARD");
    node.put("metageneration", "1");
    return node;
  }

  private synchronized Answer deleteBucket(String bucket) {
    if (!objects(bucket).isEmpty()) {
      throw new ApiError(409, "The bucket you tried to delete is not empty: " + bucket);
    }
    buckets.remove(bucket);
    return Answer.empty(204);
  }

  private TreeMap<String, StoredObject> objects(String bucket) {
    TreeMap<String, StoredObject> objects = buckets.get(bucket);
    if (objects == null) {
      throw new ApiError(404, "The specified bucket does not exist: " + bucket);
    }
    return objects;
  }

  // ---------------------------------------------------------------- objects

  /** The live object, after the read preconditions; 404 when absent or not that generation. */
  private synchronized StoredObject readable(String bucket, String name, Map<String, String> q) {
    StoredObject o = objects(bucket).get(name);
    if (o == null
        || (q.containsKey("generation") && Long.parseLong(q.get("generation")) != o.generation())) {
      throw new ApiError(404, "No such object: " + bucket + "/" + name);
    }
    if (fails(q.get("ifGenerationMatch"), o.generation())
        || fails(q.get("ifMetagenerationMatch"), o.metageneration())) {
      throw new ApiError(412, "Precondition Failed");
    }
    if (matches(q.get("ifGenerationNotMatch"), o.generation())
        || matches(q.get("ifMetagenerationNotMatch"), o.metageneration())) {
      throw new ApiError(304, "Not Modified");
    }
    return o;
  }

  private static boolean fails(String expected, long actual) {
    return expected != null && Long.parseLong(expected) != actual;
  }

  private static boolean matches(String expected, long actual) {
    return expected != null && Long.parseLong(expected) == actual;
  }

  /**
   * Checks the write preconditions in {@code q} (prefix "" or "Source") against {@code current}
   * (null: no live object); 412 when one fails.
   */
  private static void checkWrite(Map<String, String> q, String prefix, StoredObject current) {
    String gen = q.get("if" + prefix + "GenerationMatch");
    String notGen = q.get("if" + prefix + "GenerationNotMatch");
    String meta = q.get("if" + prefix + "MetagenerationMatch");
    String notMeta = q.get("if" + prefix + "MetagenerationNotMatch");
    long generation = current == null ? 0 : current.generation();
    boolean failed =
        fails(gen, generation)
            || matches(notGen, generation)
            || (meta != null && (current == null || fails(meta, current.metageneration())))
            || (notMeta != null && current != null && matches(notMeta, current.metageneration()));
    if (failed) {
      throw new ApiError(412, "Precondition Failed");
    }
  }

  private Answer media(String bucket, String name, Map<String, String> q, Headers headers) {
    StoredObject o = readable(bucket, name, q);
    byte[] data = o.data();
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", o.contentType());
    h.put("x-goog-generation", String.valueOf(o.generation()));
    h.put("x-goog-metageneration", String.valueOf(o.metageneration()));
    h.put("x-goog-stored-content-length", String.valueOf(data.length));
    h.put("x-goog-hash", "crc32c=" + crc32c(data) + ",md5=" + md5(data));
    String range = headers.getFirst("Range");
    Matcher m = range == null ? null : RANGE.matcher(range.trim());
    if (m == null || !m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return new Answer(200, h, data);
    }
    long size = data.length;
    long start;
    long end;
    if (m.group(1).isEmpty()) { // suffix: the last n bytes
      start = Math.max(0, size - Long.parseLong(m.group(2)));
      end = size - 1;
    } else {
      start = Long.parseLong(m.group(1));
      end = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
    }
    if (size == 0) {
      return new Answer(200, h, data);
    }
    if (start >= size) {
      h.put("Content-Range", "bytes */" + size);
      h.remove("Content-Type");
      return new Answer(416, h, errorJson(416, "Requested range not satisfiable"));
    }
    byte[] part = java.util.Arrays.copyOfRange(data, (int) start, (int) end + 1);
    h.put("Content-Range", "bytes " + start + "-" + end + "/" + size);
    return new Answer(206, h, part);
  }

  private synchronized Answer delete(String bucket, String name, Map<String, String> q) {
    readable(bucket, name, withoutNotMatch(q));
    StoredObject o = objects(bucket).get(name);
    checkWrite(q, "", o);
    objects(bucket).remove(name);
    return Answer.empty(204);
  }

  private static Map<String, String> withoutNotMatch(Map<String, String> q) {
    Map<String, String> copy = new TreeMap<>(q);
    copy.keySet().removeIf(k -> k.startsWith("if"));
    return copy;
  }

  private synchronized Answer list(String bucket, Map<String, String> q) {
    TreeMap<String, StoredObject> objects = objects(bucket);
    String prefix = q.getOrDefault("prefix", "");
    String delimiter = q.get("delimiter");
    if (delimiter != null && delimiter.isEmpty()) {
      delimiter = null;
    }
    String after =
        q.containsKey("pageToken") && !q.get("pageToken").isEmpty()
            ? new String(Base64.getUrlDecoder().decode(q.get("pageToken")), StandardCharsets.UTF_8)
            : null;
    int max = pageSize;
    if (q.containsKey("maxResults")) {
      max = Math.min(max, Math.max(1, Integer.parseInt(q.get("maxResults"))));
    }
    // Entries in name order: objects, and the distinct collapsed prefixes of the delimiter.
    TreeMap<String, StoredObject> entries = new TreeMap<>();
    TreeSet<String> prefixes = new TreeSet<>();
    for (Map.Entry<String, StoredObject> e : objects.tailMap(prefix, true).entrySet()) {
      String name = e.getKey();
      if (!name.startsWith(prefix)) {
        break;
      }
      int cut = delimiter == null ? -1 : name.indexOf(delimiter, prefix.length());
      if (cut >= 0) {
        String collapsed = name.substring(0, cut + delimiter.length());
        prefixes.add(collapsed);
        entries.put(collapsed, null);
      } else {
        entries.put(name, e.getValue());
      }
    }
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("kind", "storage#objects");
    ArrayNode items = Json.mapper().createArrayNode();
    ArrayNode collapsedOut = Json.mapper().createArrayNode();
    String last = null;
    int count = 0;
    boolean more = false;
    for (Map.Entry<String, StoredObject> e :
        (after == null ? entries : entries.tailMap(after, false)).entrySet()) {
      if (count == max) {
        more = true;
        break;
      }
      if (e.getValue() == null) {
        collapsedOut.add(e.getKey());
      } else {
        items.add(objectJson(bucket, e.getKey(), e.getValue()));
      }
      last = e.getKey();
      count++;
    }
    if (!items.isEmpty()) {
      node.set("items", items);
    }
    if (!collapsedOut.isEmpty()) {
      node.set("prefixes", collapsedOut);
    }
    if (more) {
      node.put(
          "nextPageToken",
          Base64.getUrlEncoder().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
    }
    return Answer.json(200, node);
  }

  private Answer rewrite(
      String srcBucket,
      String srcName,
      String dstBucket,
      String dstName,
      Map<String, String> q,
      byte[] body,
      boolean copy) {
    synchronized (this) {
      StoredObject src = objects(srcBucket).get(srcName);
      if (src == null
          || (q.containsKey("sourceGeneration")
              && Long.parseLong(q.get("sourceGeneration")) != src.generation())) {
        throw new ApiError(404, "No such object: " + srcBucket + "/" + srcName);
      }
      checkWrite(q, "Source", src);
      checkWrite(q, "", objects(dstBucket).get(dstName));
      String contentType = src.contentType();
      if (body.length > 0) {
        contentType = tree(body).path("contentType").asText(contentType);
      }
      StoredObject written = store(dstBucket, dstName, src.data(), contentType);
      ObjectNode resource = objectJson(dstBucket, dstName, written);
      if (copy) {
        return Answer.json(200, resource);
      }
      ObjectNode node = Json.mapper().createObjectNode();
      node.put("kind", "storage#rewriteResponse");
      node.put("totalBytesRewritten", String.valueOf(src.data().length));
      node.put("objectSize", String.valueOf(src.data().length));
      node.put("done", true);
      node.set("resource", resource);
      return Answer.json(200, node);
    }
  }

  /** Stores a new generation; callers hold the lock and checked preconditions. */
  private synchronized StoredObject store(
      String bucket, String name, byte[] data, String contentType) {
    TreeMap<String, StoredObject> objects = objects(bucket);
    Instant now = Instant.now();
    StoredObject o =
        new StoredObject(
            data,
            generations.incrementAndGet(),
            1,
            contentType == null ? "application/octet-stream" : contentType,
            now,
            now);
    objects.put(name, o);
    return o;
  }

  private ObjectNode objectJson(String bucket, String name, StoredObject o) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("kind", "storage#object");
    node.put("id", bucket + "/" + name + "/" + o.generation());
    node.put("selfLink", endpoint() + "b/" + bucket + "/o/" + encode(name));
    node.put(
        "mediaLink",
        "http://127.0.0.1:"
            + port()
            + "/download/storage/v1/b/"
            + bucket
            + "/o/"
            + encode(name)
            + "?generation="
            + o.generation()
            + "&alt=media");
    node.put("name", name);
    node.put("bucket", bucket);
    node.put("generation", String.valueOf(o.generation()));
    node.put("metageneration", String.valueOf(o.metageneration()));
    node.put("contentType", o.contentType());
    node.put("storageClass", "STANDARD");
    node.put("size", String.valueOf(o.data().length));
    node.put("md5Hash", md5(o.data()));
    node.put("crc32c", crc32c(o.data()));
    node.put("etag", Long.toHexString(o.generation()));
    node.put("timeCreated", o.created().toString());
    node.put("updated", o.updated().toString());
    return node;
  }

  // ---------------------------------------------------------------- uploads

  private Answer upload(
      String method, String bucket, Map<String, String> q, Headers headers, byte[] body) {
    String type = q.getOrDefault("uploadType", "");
    if (method.equals("PUT") && q.containsKey("upload_id")) {
      return resumableChunk(q.get("upload_id"), headers, body);
    }
    if (!method.equals("POST")) {
      throw new ApiError(405, "method " + method + " on uploads");
    }
    synchronized (this) {
      objects(bucket);
    }
    switch (type) {
      case "media" -> {
        String name = required(q.get("name"), "name");
        return finish(bucket, name, body, headers.getFirst("Content-Type"), q);
      }
      case "multipart" -> {
        List<byte[]> parts = multipartBodies(headers.getFirst("Content-Type"), body);
        if (parts.size() != 2) {
          throw new ApiError(400, "a multipart upload has 2 parts, not " + parts.size());
        }
        JsonNode metadata = tree(parts.get(0));
        String name = q.getOrDefault("name", metadata.path("name").asText(null));
        byte[] media = parts.get(1);
        return finish(
            bucket,
            required(name, "name"),
            media,
            metadata.path("contentType").asText("application/octet-stream"),
            q);
      }
      case "resumable" -> {
        JsonNode metadata = body.length == 0 ? Json.mapper().createObjectNode() : tree(body);
        String name = required(q.getOrDefault("name", metadata.path("name").asText(null)), "name");
        String contentType =
            metadata
                .path("contentType")
                .asText(
                    Optional.ofNullable(headers.getFirst("X-Upload-Content-Type"))
                        .orElse("application/octet-stream"));
        synchronized (this) {
          checkWrite(q, "", objects(bucket).get(name));
        }
        String id = UUID.randomUUID().toString();
        uploads.put(id, new Upload(bucket, name, contentType, q));
        String location =
            "http://127.0.0.1:"
                + port()
                + "/upload/storage/v1/b/"
                + bucket
                + "/o?uploadType=resumable&upload_id="
                + id;
        return new Answer(200, Map.of("Location", location), new byte[0]);
      }
      default -> throw new ApiError(400, "unsupported uploadType: " + type);
    }
  }

  private Answer resumableChunk(String id, Headers headers, byte[] body) {
    Upload upload = uploads.get(id);
    if (upload == null) {
      throw new ApiError(404, "No such upload session: " + id);
    }
    synchronized (upload) {
      if (upload.done != null) {
        return Answer.json(200, objectJson(upload.bucket, upload.name, upload.done));
      }
      String header = headers.getFirst("Content-Range");
      Matcher m = header == null ? null : CONTENT_RANGE.matcher(header.trim());
      if (m == null || !m.matches()) {
        throw new ApiError(400, "bad Content-Range: " + header);
      }
      long committed = upload.data.size();
      if (m.group(1) != null) {
        long first = Long.parseLong(m.group(1));
        long last = Long.parseLong(m.group(2));
        if (last - first + 1 != body.length) {
          throw new ApiError(400, "Content-Range " + header + " but " + body.length + " bytes");
        }
        if (first <= committed && last >= committed) { // skip what is already committed
          upload.data.write(body, (int) (committed - first), (int) (last + 1 - committed));
        }
      }
      committed = upload.data.size();
      String total = m.group(3);
      if (!total.equals("*") && Long.parseLong(total) == committed) {
        Answer finished;
        try {
          finished =
              finish(
                  upload.bucket,
                  upload.name,
                  upload.data.toByteArray(),
                  upload.contentType,
                  upload.preconditions);
        } catch (ApiError e) {
          uploads.remove(id);
          throw e;
        }
        synchronized (this) {
          upload.done = objects(upload.bucket).get(upload.name);
        }
        return finished;
      }
      Map<String, String> h =
          committed == 0 ? Map.of() : Map.of("Range", "bytes=0-" + (committed - 1));
      return new Answer(308, h, new byte[0]);
    }
  }

  private synchronized Answer finish(
      String bucket, String name, byte[] data, String contentType, Map<String, String> q) {
    checkWrite(q, "", objects(bucket).get(name));
    StoredObject o = store(bucket, name, data, contentType);
    return Answer.json(200, objectJson(bucket, name, o));
  }

  // ---------------------------------------------------------------- batch

  private Answer batch(Headers headers, byte[] body) {
    List<byte[]> parts = multipartBodies(headers.getFirst("Content-Type"), body);
    if (parts.size() > MAX_BATCH_PARTS) {
      throw new ApiError(400, "a batch holds at most " + MAX_BATCH_PARTS + " requests");
    }
    String boundary = "batch_" + UUID.randomUUID().toString().replace("-", "");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int index = 0;
    for (byte[] part : parts) {
      index++;
      requests.incrementAndGet();
      Answer answer = batchPart(part);
      write(out, "--" + boundary + "\r\n");
      write(out, "Content-Type: application/http\r\n");
      write(out, "Content-ID: <response-" + index + ">\r\n\r\n");
      write(out, "HTTP/1.1 " + answer.status() + " " + reason(answer.status()) + "\r\n");
      for (Map.Entry<String, String> h : answer.headers().entrySet()) {
        write(out, h.getKey() + ": " + h.getValue() + "\r\n");
      }
      write(out, "Content-Length: " + answer.body().length + "\r\n\r\n");
      out.writeBytes(answer.body());
      write(out, "\r\n");
    }
    write(out, "--" + boundary + "--\r\n");
    return new Answer(
        200, Map.of("Content-Type", "multipart/mixed; boundary=" + boundary), out.toByteArray());
  }

  /** One application/http part: outer headers, a blank line, then an HTTP request. */
  private Answer batchPart(byte[] part) {
    String text = new String(part, StandardCharsets.ISO_8859_1);
    int outerEnd = text.indexOf("\r\n\r\n");
    if (outerEnd < 0) {
      return error(400, "batch part without headers");
    }
    String request = text.substring(outerEnd + 4);
    int headEnd = request.indexOf("\r\n\r\n");
    String head = headEnd < 0 ? request : request.substring(0, headEnd);
    byte[] content =
        headEnd < 0
            ? new byte[0]
            : request.substring(headEnd + 4).getBytes(StandardCharsets.ISO_8859_1);
    String[] lines = head.split("\r\n");
    String[] requestLine = lines[0].split(" ");
    if (requestLine.length < 2) {
      return error(400, "bad request line in a batch part: " + lines[0]);
    }
    Headers partHeaders = new Headers();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        partHeaders.add(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
      }
    }
    String length = partHeaders.getFirst("Content-Length");
    if (length != null && Integer.parseInt(length) < content.length) {
      content = java.util.Arrays.copyOf(content, Integer.parseInt(length));
    }
    FaultKind fault = drawFault(true);
    if (fault != null) {
      return faultAnswer(fault);
    }
    try {
      content = inflate(partHeaders, content);
    } catch (IOException e) {
      return error(400, "bad gzip body in a batch part");
    }
    URI uri = URI.create(requestLine[1]);
    return answer(requestLine[0], uri.getRawPath(), uri.getRawQuery(), partHeaders, content);
  }

  // ---------------------------------------------------------------- helpers

  private static List<byte[]> multipartBodies(String contentType, byte[] body) {
    Matcher m =
        contentType == null
            ? null
            : Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(contentType);
    if (m == null || !m.find()) {
      throw new ApiError(400, "multipart body without a boundary: " + contentType);
    }
    String delimiter = "--" + m.group(1);
    String text = new String(body, StandardCharsets.ISO_8859_1);
    List<byte[]> parts = new ArrayList<>();
    int at = text.indexOf(delimiter);
    while (at >= 0) {
      int start = at + delimiter.length();
      if (text.startsWith("--", start)) {
        break;
      }
      start = text.indexOf("\r\n", start) + 2;
      int next = text.indexOf("\r\n" + delimiter, start);
      if (next < 0) {
        throw new ApiError(400, "unterminated multipart body");
      }
      String part = text.substring(start, next);
      parts.add(part.getBytes(StandardCharsets.ISO_8859_1));
      at = next + 2;
    }
    // A multipart/related upload part: headers, blank line, body. Strip the headers there.
    if (!contentType.startsWith("multipart/mixed")) {
      List<byte[]> bodies = new ArrayList<>();
      for (byte[] part : parts) {
        String s = new String(part, StandardCharsets.ISO_8859_1);
        int end = s.indexOf("\r\n\r\n");
        bodies.add((end < 0 ? "" : s.substring(end + 4)).getBytes(StandardCharsets.ISO_8859_1));
      }
      return bodies;
    }
    return parts;
  }

  private static byte[] readBody(Headers headers, InputStream in) throws IOException {
    return inflate(headers, in.readAllBytes());
  }

  private static byte[] inflate(Headers headers, byte[] body) throws IOException {
    String encoding = headers.getFirst("Content-Encoding");
    if (encoding != null && encoding.trim().equalsIgnoreCase("gzip") && body.length > 0) {
      try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
        return in.readAllBytes();
      }
    }
    return body;
  }

  private static Map<String, String> parseQuery(String rawQuery) {
    Map<String, String> query = new TreeMap<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        String[] kv = pair.split("=", 2);
        query.put(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
      }
    }
    return query;
  }

  private static List<String> segments(String rawPath) {
    List<String> segments = new ArrayList<>();
    for (String s : rawPath.split("/")) {
      if (!s.isEmpty()) {
        segments.add(s);
      }
    }
    return segments;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String encode(String name) {
    return java.net.URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static JsonNode tree(byte[] json) {
    try {
      return Json.mapper().readTree(json);
    } catch (IOException e) {
      throw new ApiError(400, "Invalid JSON body: " + e.getMessage());
    }
  }

  private static String required(String value, String what) {
    if (value == null || value.isEmpty()) {
      throw new ApiError(400, "Required: " + what);
    }
    return value;
  }

  private static Answer error(int status, String message) {
    if (status == 304) {
      return Answer.empty(304);
    }
    return new Answer(
        status,
        Map.of("Content-Type", "application/json; charset=UTF-8"),
        errorJson(status, message));
  }

  private static byte[] errorJson(int status, String message) {
    ObjectNode error = Json.mapper().createObjectNode();
    error.put("code", status);
    error.put("message", message);
    ObjectNode node = Json.mapper().createObjectNode();
    node.set("error", error);
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 204 -> "No Content";
      case 304 -> "Not Modified";
      case 403 -> "Forbidden";
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 409 -> "Conflict";
      case 412 -> "Precondition Failed";
      case 429 -> "Too Many Requests";
      case 503 -> "Service Unavailable";
      default -> "Status";
    };
  }

  private static void write(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static String crc32c(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    return Base64.getEncoder()
        .encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  private static String md5(byte[] data) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs a server by hand until killed: {@code [--port=N] [--bucket=NAME]... [--faults=SHARE]
   * [--seed=N] [--pageSize=N]}. Prints the Beam options to reach it.
   */
  public static void main(String[] args) throws Exception {
    int port = 0;
    double share = 0;
    long seed = 1;
    int page = 1000;
    List<String> bucketNames = new ArrayList<>();
    for (String arg : args) {
      String[] kv = arg.replaceFirst("^--", "").split("=", 2);
      String value = kv.length > 1 ? kv[1] : "";
      switch (kv[0]) {
        case "port" -> port = Integer.parseInt(value);
        case "bucket" -> bucketNames.add(value);
        case "faults" -> share = Double.parseDouble(value);
        case "seed" -> seed = Long.parseLong(value);
        case "pageSize" -> page = Integer.parseInt(value);
        default -> throw new IllegalArgumentException("unknown argument: " + arg);
      }
    }
    LoopbackGcsServer server = start(port).pageSize(page).faults(Faults.of(share, seed));
    bucketNames.forEach(server::createBucket);
    System.out.println(
        "loopback GCS server on 127.0.0.1:" + server.port() + " buckets " + bucketNames);
    System.out.println(String.join(" ", server.beamArgs()));
    Thread.currentThread().join();
  }
}

package dev.primer.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 proxy on 127.0.0.1 in front of an {@link S3ProxyServer}, for tests. It forwards each
 * request byte for byte (Host and signature headers untouched, one request per connection) and adds
 * two things s3proxy lacks:
 *
 * <ul>
 *   <li><b>Conditional writes as AWS S3 documents them</b>: PutObject with {@code If-None-Match: *}
 *       answers 412 when the object exists; PutObject and DeleteObject with {@code If-Match: ETAG}
 *       answer 412 when the object's ETag (the MD5 of its bytes, as s3proxy computes it for a
 *       single-part object) differs, 404 when it is missing. Conditional requests are checked and
 *       forwarded under one lock, so two racing conditional writes cannot both succeed. The check
 *       reads the object from s3proxy's filesystem backend directly.
 *   <li><b>Seeded fault injection</b> (optional, {@link Faults}): a share of requests is answered,
 *       before reaching s3proxy, with 503 SlowDown, 429, a connection reset (RST, no response), or
 *       delayed; the choice is drawn from a {@link Random} with the given seed.
 * </ul>
 */
public final class S3FrontProxy implements AutoCloseable {

  /** Which share of requests to fault, with which seed, and how long a slow request waits. */
  public record Faults(double share, long seed, int slowMillis) {
    /** No faults. */
    public static Faults none() {
      return new Faults(0, 0, 0);
    }
  }

  private final S3ProxyServer upstream;
  private final Faults faults;
  private final Random random;
  private final ServerSocket server;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final Object conditionalLock = new Object();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong faulted = new AtomicLong();
  private final AtomicLong preconditionFailures = new AtomicLong();
  private volatile boolean closed;

  private S3FrontProxy(S3ProxyServer upstream, Faults faults) throws IOException {
    this.upstream = upstream;
    this.faults = faults;
    this.random = new Random(faults.seed());
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    Thread accept = new Thread(this::acceptLoop, "s3-front-proxy-" + server.getLocalPort());
    accept.setDaemon(true);
    accept.start();
  }

  /** Starts a proxy in front of {@code upstream}. */
  public static S3FrontProxy start(S3ProxyServer upstream, Faults faults) throws IOException {
    return new S3FrontProxy(upstream, faults);
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** The Beam options that point the {@code s3://} FileSystem at this proxy (see S3ProxyServer). */
  public List<String> beamOptions() {
    List<String> out = new ArrayList<>();
    for (String option : upstream.beamOptions()) {
      out.add(option.startsWith("--endpoint=") ? "--endpoint=" + endpoint() : option);
    }
    return out;
  }

  /** Requests received. */
  public long requests() {
    return requests.get();
  }

  /** Requests answered with an injected fault. */
  public long faulted() {
    return faulted.get();
  }

  /** Conditional requests answered 412 (or 404) by the precondition check. */
  public long preconditionFailures() {
    return preconditionFailures.get();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        pool.execute(() -> serve(client));
      } catch (IOException e) {
        if (!closed) {
          continue;
        }
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = new BufferedInputStream(client.getInputStream());
      Request request = Request.read(in, client.getOutputStream());
      if (request == null) {
        return;
      }
      requests.incrementAndGet();
      if (faults.share() > 0) {
        double draw;
        int kind;
        synchronized (random) {
          draw = random.nextDouble();
          kind = random.nextInt(4);
        }
        if (draw < faults.share()) {
          faulted.incrementAndGet();
          switch (kind) {
            case 0 -> {
              answer(client.getOutputStream(), 503, "SlowDown", "injected 503");
              return;
            }
            case 1 -> {
              answer(client.getOutputStream(), 429, "TooManyRequests", "injected 429");
              return;
            }
            case 2 -> {
              client.setSoLinger(true, 0); // close with RST, no response
              return;
            }
            default -> Thread.sleep(faults.slowMillis());
          }
        }
      }
      String ifNoneMatch = request.header("if-none-match");
      String ifMatch = request.header("if-match");
      boolean conditional =
          ("PUT".equals(request.method) || "DELETE".equals(request.method))
              && (ifNoneMatch != null || ifMatch != null);
      if (!conditional) {
        forward(request, client.getOutputStream());
        return;
      }
      synchronized (conditionalLock) {
        Path object = objectPath(request.path());
        boolean exists = object != null && Files.isRegularFile(object);
        if (ifNoneMatch != null && "*".equals(ifNoneMatch.trim()) && exists) {
          preconditionFailures.incrementAndGet();
          answer(client.getOutputStream(), 412, "PreconditionFailed", "the object exists");
          return;
        }
        if (ifMatch != null) {
          if (!exists) {
            preconditionFailures.incrementAndGet();
            answer(client.getOutputStream(), 404, "NoSuchKey", "The specified key does not exist.");
            return;
          }
          if (!unquote(ifMatch).equals(md5(object))) {
            preconditionFailures.incrementAndGet();
            answer(client.getOutputStream(), 412, "PreconditionFailed", "ETag mismatch");
            return;
          }
        }
        forward(request, client.getOutputStream());
      }
    } catch (IOException | InterruptedException e) {
      // the client gave up or the upstream failed: the connection closes, the client retries
    }
  }

  /** The backend file of {@code /bucket/key} (path-style), or null for a bucket-level path. */
  private Path objectPath(String rawPath) {
    String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
    int slash = path.indexOf('/');
    if (slash <= 0 || slash == path.length() - 1) {
      return null;
    }
    String bucket = URLDecoder.decode(path.substring(0, slash), StandardCharsets.UTF_8);
    String key =
        URLDecoder.decode(path.substring(slash + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
    return upstream.dataDirectory().resolve(bucket).resolve(key);
  }

  private void forward(Request request, OutputStream toClient) throws IOException {
    try (Socket up = new Socket(InetAddress.getLoopbackAddress(), upstream.port())) {
      OutputStream out = up.getOutputStream();
      out.write(request.head(true));
      out.write(request.body);
      out.flush();
      up.getInputStream().transferTo(toClient);
      toClient.flush();
    }
  }

  private static void answer(OutputStream out, int status, String code, String message)
      throws IOException {
    byte[] body =
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
                + code
                + "</Code><Message>"
                + message
                + "</Message></Error>")
            .getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 "
            + status
            + " "
            + code
            + "\r\nContent-Type: application/xml\r\nContent-Length: "
            + body.length
            + "\r\nConnection: close\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  private static String unquote(String etag) {
    String t = etag.trim();
    return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")
        ? t.substring(1, t.length() - 1)
        : t;
  }

  private static String md5(Path file) throws IOException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    pool.shutdownNow();
  }

  /** One HTTP/1.1 request: its head lines and its (de-chunked when needed, raw) body. */
  private record Request(String method, String target, List<String> lines, byte[] body) {

    String path() {
      int q = target.indexOf('?');
      return q < 0 ? target : target.substring(0, q);
    }

    String header(String name) {
      for (String line : lines) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }

    /** The request line and headers, with {@code Connection: close} and no {@code Expect}. */
    byte[] head(boolean close) {
      StringBuilder sb = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
      for (String line : lines) {
        String name =
            line.substring(0, Math.max(0, line.indexOf(':'))).trim().toLowerCase(Locale.ROOT);
        if (name.equals("connection") || name.equals("expect") || name.equals("keep-alive")) {
          continue;
        }
        sb.append(line).append("\r\n");
      }
      if (close) {
        sb.append("Connection: close\r\n");
      }
      sb.append("\r\n");
      return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    static Request read(InputStream in, OutputStream out) throws IOException {
      String requestLine = line(in);
      if (requestLine == null || requestLine.isEmpty()) {
        return null;
      }
      String[] parts = requestLine.split(" ");
      List<String> lines = new ArrayList<>();
      for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
        lines.add(l);
      }
      Request head = new Request(parts[0], parts[1], lines, new byte[0]);
      String expect = head.header("expect");
      if (expect != null && expect.equalsIgnoreCase("100-continue")) {
        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      }
      byte[] body;
      String length = head.header("content-length");
      String encoding = head.header("transfer-encoding");
      if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        while (true) {
          String size = line(in);
          raw.write((size + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
          int n = Integer.parseInt(size.split(";")[0].trim(), 16);
          if (n == 0) {
            for (String t = line(in); t != null; t = line(in)) {
              raw.write((t + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
              if (t.isEmpty()) {
                break;
              }
            }
            break;
          }
          raw.write(in.readNBytes(n));
          raw.write((line(in) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        body = raw.toByteArray();
      } else if (length != null) {
        body = in.readNBytes(Integer.parseInt(length.trim()));
      } else {
        body = new byte[0];
      }
      return new Request(parts[0], parts[1], lines, body);
    }

    private static String line(InputStream in) throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) != -1) {
        if (c == '\n') {
          byte[] bytes = b.toByteArray();
          int len =
              bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
          return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
        }
        b.write(c);
      }
      return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }
  }
}

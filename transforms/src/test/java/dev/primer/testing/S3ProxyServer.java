package dev.primer.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A real S3 server on 127.0.0.1 for tests: s3proxy ({@code org.gaul:s3proxy:2.6.0}, its runnable
 * jar-with-dependencies), started as a child JVM with the jclouds {@code filesystem-nio2} backend
 * (buckets are directories under {@link #dataDirectory()}) on a free port, and stopped by {@link
 * #close} (also when the test JVM exits). The jar is copied to {@code target/s3proxy/s3proxy.jar}
 * by maven-dependency-plugin (parent pom) and named by the system property {@code
 * primer.s3proxy.jar}; it is never on a classpath (its bundled libraries would clash).
 *
 * <p>With {@link #start(Path, String, String)} the server checks AWS signatures (v2 or v4) against
 * that access key and secret; with {@link #start(Path)} it accepts any request.
 *
 * <p>Known limit of s3proxy 2.6.0 (checked by S3ProxyServerTest): it ignores the conditional-write
 * headers {@code If-None-Match: *} and {@code If-Match} on PutObject and DeleteObject (a second
 * "create only if absent" answers 200 and overwrites).
 *
 * <p>By hand: {@code deploy/s3proxy.sh} (see README, "Run roots on Cloud Storage and S3").
 */
public final class S3ProxyServer implements AutoCloseable {

  /** The system property naming s3proxy's runnable jar. */
  public static final String JAR_PROPERTY = "primer.s3proxy.jar";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final int port;
  private final Path data;
  private final Path log;
  private final Thread shutdownHook;

  private S3ProxyServer(Process process, int port, Path data, Path log) {
    this.process = process;
    this.port = port;
    this.data = data;
    this.log = log;
    this.shutdownHook = new Thread(process::destroyForcibly, "s3proxy-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** s3proxy's jar, or null when the property is unset or names no file. */
  public static Path jar() {
    String configured = System.getProperty(JAR_PROPERTY);
    if (configured == null || configured.isBlank()) {
      return null;
    }
    Path jar = Path.of(configured);
    return Files.isRegularFile(jar) ? jar : null;
  }

  /** Whether s3proxy's jar is at hand (tests skip without it). */
  public static boolean available() {
    return jar() != null;
  }

  /** Starts a server that accepts unsigned requests, keeping its buckets under {@code dir}. */
  public static S3ProxyServer start(Path dir) throws IOException {
    return start(dir, null, null);
  }

  /**
   * Starts a server keeping its buckets under {@code dir}; when {@code accessKey} is not null it
   * requires requests signed with that key and {@code secretKey}.
   */
  public static S3ProxyServer start(Path dir, String accessKey, String secretKey)
      throws IOException {
    Path jar = jar();
    if (jar == null) {
      throw new IllegalStateException(
          "s3proxy's jar is missing: set -D"
              + JAR_PROPERTY
              + " (Maven copies it to target/s3proxy)");
    }
    Path data = Files.createDirectories(dir.resolve("data"));
    Path log = dir.resolve("s3proxy.log");
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      Properties p = new Properties();
      p.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
      if (accessKey == null) {
        p.setProperty("s3proxy.authorization", "none");
      } else {
        p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        p.setProperty("s3proxy.identity", accessKey);
        p.setProperty("s3proxy.credential", secretKey);
      }
      p.setProperty("jclouds.provider", "filesystem-nio2");
      p.setProperty("jclouds.filesystem.basedir", data.toString());
      p.setProperty("jclouds.identity", "local");
      p.setProperty("jclouds.credential", "local");
      Path properties = dir.resolve("s3proxy.properties");
      try (var out = Files.newOutputStream(properties)) {
        p.store(out, "s3proxy for primer's tests");
      }
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx256m");
      command.add("-jar");
      command.add(jar.toString());
      command.add("--properties");
      command.add(properties.toString());
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      S3ProxyServer server = new S3ProxyServer(process, port, data, log);
      try {
        server.awaitReady();
        return server;
      } catch (IOException e) {
        server.close();
        last = e;
      }
    }
    throw last;
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** The port. */
  public int port() {
    return port;
  }

  /** Where the buckets are kept (one directory each). */
  public Path dataDirectory() {
    return data;
  }

  /** Creates a bucket (a directory of the filesystem backend); returns its name. */
  public String createBucket(String name) throws IOException {
    Files.createDirectories(data.resolve(name));
    return name;
  }

  /**
   * The options that point Beam's {@code s3://} FileSystem (and primer's S3 lease) at this server:
   * endpoint, region, path-style access. Credentials come from the environment, never from here.
   */
  public List<String> beamOptions() {
    return List.of(
        "--endpoint=" + endpoint(),
        "--awsRegion=us-east-1",
        "--s3ClientFactoryClass=dev.primer.io.CompatibleS3ClientBuilderFactory");
  }

  /** The server's log (for failure messages). */
  public String logTail() {
    try {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private void awaitReady() throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("s3proxy exited with " + process.exitValue() + ":\n" + logTail());
      }
      try {
        HttpURLConnection c =
            (HttpURLConnection) URI.create(endpoint() + "/").toURL().openConnection();
        c.setConnectTimeout(500);
        c.setReadTimeout(2000);
        int status = c.getResponseCode();
        c.disconnect();
        if (status > 0) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for s3proxy", e);
      }
    }
    throw new IOException("s3proxy did not answer within " + START_TIMEOUT + ":\n" + logTail());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Stops the server (and waits for it to exit). */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }

  /** Whether the child process still runs (tests check that it is stopped). */
  public boolean isAlive() {
    return process.isAlive();
  }
}

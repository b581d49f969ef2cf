package dev.primer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: a Flink session cluster of separate JVMs, driven through {@code
 * deploy/flink/cluster.sh} exactly as a user drives it (free ports, its own state directory), and
 * stopped by {@link #close} whatever happened.
 */
final class FlinkSessionCluster implements AutoCloseable {

  private final Path script;
  private final Path state;
  private final Map<String, String> env;
  private final HttpClient http = HttpClient.newHttpClient();
  private String address;

  FlinkSessionCluster(Path repo, Path state) throws IOException {
    this.script = repo.resolve("deploy/flink/cluster.sh");
    this.state = state;
    this.env =
        Map.of(
            "FLINK_STATE_DIR", state.toString(),
            "FLINK_REST_PORT", String.valueOf(freePort()),
            "FLINK_RPC_PORT", String.valueOf(freePort()),
            "PRIMER_JAR", repo.resolve("deploy/target/primer-bundled.jar").toString());
  }

  /** Starts a JobManager and {@code taskManagers} TaskManagers; returns HOST:PORT. */
  String start(int taskManagers) throws Exception {
    List<String> out = script("start", String.valueOf(taskManagers));
    address = out.get(out.size() - 1).trim();
    return address;
  }

  void killTaskManager(int id) throws Exception {
    script("kill-tm", String.valueOf(id));
  }

  void startTaskManager(int id) throws Exception {
    script("start-tm", String.valueOf(id));
  }

  /** The REST API's JSON for a path such as {@code /jobs/overview}. */
  String rest(String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + address + path))
            .timeout(Duration.ofSeconds(5))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  /** Waits until a job is RUNNING (and has been for {@code settle}); returns false on timeout. */
  boolean awaitRunningJob(Duration timeout, Duration settle) throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (rest("/jobs/overview").contains("\"state\":\"RUNNING\"")) {
        Thread.sleep(settle.toMillis());
        return rest("/jobs/overview").contains("\"state\":\"RUNNING\"");
      }
      Thread.sleep(200);
    }
    return false;
  }

  Path logs() {
    return state.resolve("log");
  }

  @Override
  public void close() throws Exception {
    script("stop");
  }

  private List<String> script(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(180, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    assertEquals(0, process.exitValue(), "cluster.sh " + String.join(" ", args) + ":\n" + output);
    Files.writeString(
        state.resolve("cluster-sh.log"),
        "$ cluster.sh " + String.join(" ", args) + "\n" + output,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    return output.lines().toList();
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

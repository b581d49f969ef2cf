package dev.primer.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: runs {@code java -jar deploy/target/primer-bundled.jar ARGS} in a child JVM with
 * the flags {@code ./primer} passes, its output in a log file.
 */
final class Launcher {

  private static final List<String> OPENS =
      List.of(
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED");

  private final Path jar;

  Launcher(Path repo) {
    this.jar = repo.resolve("deploy/target/primer-bundled.jar");
  }

  Path jar() {
    return jar;
  }

  /** Starts the launcher; its stdout and stderr go to {@code log}. */
  Process start(Path log, List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx2g");
    command.add("-Dai.djl.offline=true");
    command.addAll(OPENS);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(args);
    Files.createDirectories(log.getParent());
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** Runs the launcher to its end (at most {@code minutes}); returns the exit code. */
  int run(Path log, long minutes, List<String> args) throws Exception {
    Process process = start(log, args);
    if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("launcher did not end in " + minutes + " min: " + tail(log));
    }
    return process.exitValue();
  }

  /** The last lines of a log, for failure messages. */
  static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}

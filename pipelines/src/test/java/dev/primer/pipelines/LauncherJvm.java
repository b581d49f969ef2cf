package dev.primer.pipelines;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The launcher ({@link Primer#main}) as a child JVM on the test classpath, its standard output and
 * error in {@code <dir>/<name>.out} and {@code <dir>/<name>.err}: what a user's shell would run.
 */
final class LauncherJvm {

  private LauncherJvm() {}

  /** Starts the launcher with {@code args} and the extra environment {@code env}. */
  static Process launch(Path dir, String name, List<String> args, Map<String, String> env)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx768m");
    command.add("-Dai.djl.offline=true");
    command.add("-Dai.djl.pytorch.num_threads=1");
    command.add("-Dai.djl.pytorch.num_interop_threads=1");
    for (String pkg : List.of("lang", "util", "nio", "lang.invoke", "time")) {
      command.add("--add-opens=java.base/java." + pkg + "=ALL-UNNAMED");
    }
    command.add("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Primer.class.getName());
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(dir.resolve(name + ".out").toFile())
            .redirectError(dir.resolve(name + ".err").toFile());
    builder.environment().putAll(env);
    return builder.start();
  }

  /** {@code <dir>/<file>} as text. */
  static String read(Path dir, String file) throws IOException {
    return Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
  }
}

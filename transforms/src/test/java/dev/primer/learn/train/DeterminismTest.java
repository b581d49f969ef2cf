package dev.primer.learn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Deterministic mode: two separate JVMs with the same seed end with bit-identical parameters. */
class DeterminismTest {

  @Test
  void sameSeedInSeparateJvmsGivesIdenticalParameters() throws Exception {
    String first = runJvm(17);
    String second = runJvm(17);
    String other = runJvm(18);
    assertEquals(64, first.length(), first);
    assertEquals(first, second, "same seed, different parameters");
    assertNotEquals(first, other, "the seed must matter");
  }

  private static String runJvm(long seed) throws IOException, InterruptedException {
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.add("-Xmx512m");
    command.add("-Dai.djl.offline=true");
    // No thread settings: deterministic mode (TrainingConfig.singleThreaded) must do it.
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(DeterministicRunMain.class.getName());
    command.add(Long.toString(seed));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = process.getInputStream().readAllBytes();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "child JVM timed out");
    String text = new String(out, StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), text);
    for (String line : text.split("\n")) {
      if (line.startsWith("SHA256 ")) {
        return line.substring(7).trim();
      }
    }
    throw new AssertionError("no hash in child output:\n" + text);
  }
}

package dev.primer.learn.weights.tf;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the opt-in mBERT artifact for real-weights tests: the system property {@code
 * primer.mbert.jar} (set by the {@code -Pmbert} Maven profile, or by hand). Tests skip without it.
 */
public final class MbertJar {

  /** The system property naming the jar. */
  public static final String PROPERTY = "primer.mbert.jar";

  private MbertJar() {}

  /** The jar path, or skips the calling test when the property is unset or the file is absent. */
  public static Path require() {
    String value = System.getProperty(PROPERTY, "");
    Assumptions.assumeFalse(value.isBlank(), PROPERTY + " is not set (use -Pmbert)");
    Path jar = Path.of(value);
    Assumptions.assumeTrue(Files.isRegularFile(jar), jar + " does not exist");
    return jar;
  }

  /** The shared model folder ({@code ../shared/models/mbert-base-cased}), or skips. */
  public static Path sharedModelDir() {
    String shared = System.getProperty("primer.shared.dir", "");
    Assumptions.assumeFalse(shared.isBlank(), "primer.shared.dir is not set");
    Path dir = Path.of(shared, "models", "mbert-base-cased");
    Assumptions.assumeTrue(Files.isDirectory(dir), dir + " does not exist");
    return dir;
  }
}

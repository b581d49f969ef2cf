package dev.primer.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Versions of primer and of the libraries it was built with, for manifests and provenance. */
public final class BuildInfo {

  private static final Properties PROPERTIES = load();

  private BuildInfo() {}

  private static Properties load() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/dev/primer/build.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }

  /** primer's own version. */
  public static String primerVersion() {
    return PROPERTIES.getProperty("primer.version", "unknown");
  }

  /**
   * The source revision, when the launcher passed one ({@code -Dprimer.git.commit}, or the {@code
   * PRIMER_GIT_COMMIT} environment variable).
   */
  public static String gitCommit() {
    String fromProperty = System.getProperty("primer.git.commit");
    if (fromProperty != null && !fromProperty.isBlank()) {
      return fromProperty;
    }
    String fromEnv = System.getenv("PRIMER_GIT_COMMIT");
    return fromEnv == null || fromEnv.isBlank() ? "unknown" : fromEnv;
  }

  /** Tool versions: primer, git commit, Java, Beam, Avro, DJL, PyTorch. */
  public static Map<String, String> versions() {
    Map<String, String> versions = new LinkedHashMap<>();
    versions.put("primer", primerVersion());
    versions.put("gitCommit", gitCommit());
    versions.put("java", System.getProperty("java.version"));
    versions.put("beam", PROPERTIES.getProperty("beam.version", "unknown"));
    versions.put("avro", PROPERTIES.getProperty("avro.version", "unknown"));
    versions.put("djl", PROPERTIES.getProperty("djl.version", "unknown"));
    versions.put("pytorch", PROPERTIES.getProperty("pytorch.version", "unknown"));
    return versions;
  }
}

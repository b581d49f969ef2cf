package dev.primer.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The version of primer's code that cache keys cover: which code computed an output.
 *
 * <ul>
 *   <li>A build from a clean git checkout: the commit, 12 hex digits ({@code 3f2a9c0d1b7e}).
 *   <li>A build from a checkout with changes: the commit, {@code -dirty} and a hash of primer's
 *       classes ({@code 3f2a9c0d1b7e-dirty+classes.8d1f0a2c4b6e}): the commit alone would call two
 *       different sets of uncommitted changes the same code.
 *   <li>A build without git (a source tarball): the hash of primer's classes alone ({@code
 *       classes.8d1f0a2c4b6e}).
 * </ul>
 *
 * The commit and the dirty flag are written at build time into {@code dev/primer/code.properties}
 * (maven-antrun-plugin runs {@code git rev-parse} and {@code git status} in {@code transforms};
 * both fail softly without git). The git commit is preferred because it names the code a person can
 * check out, and it is equal for every build of one commit (another JDK may compile other bytes);
 * the class hash is the fallback that needs nothing but the jar, and it covers every {@code
 * dev/primer/**.class} on the class path (the bundled jar, or the modules' {@code target/classes};
 * test classes excluded).
 *
 * <p>The system property {@value #OVERRIDE_PROPERTY} replaces the version; it exists for tests that
 * simulate a build from another commit.
 */
public final class CodeVersion {

  /** System property that replaces the code version (tests). */
  public static final String OVERRIDE_PROPERTY = "primer.codeVersion";

  private static final String RESOURCE = "/dev/primer/code.properties";
  private static final String PACKAGE_DIR = "dev/primer/";

  private static volatile String built;

  private CodeVersion() {}

  /** The code version of the running primer (see the class documentation). */
  public static String current() {
    String override = System.getProperty(OVERRIDE_PROPERTY);
    if (override != null && !override.isBlank()) {
      return override.trim();
    }
    String version = built;
    if (version == null) {
      synchronized (CodeVersion.class) {
        if (built == null) {
          built = fromBuild(readProperties());
        }
        version = built;
      }
    }
    return version;
  }

  /** The version that the build properties (commit, dirty flag) and the class hash give. */
  static String fromBuild(Properties build) {
    String commit = build.getProperty("git.commit", "").trim();
    boolean usable = commit.matches("[0-9a-f]{7,40}");
    if (usable && !"true".equals(build.getProperty("git.dirty", "").trim())) {
      return commit;
    }
    String classes = "classes." + classHash().substring(0, 12);
    return usable ? commit + "-dirty+" + classes : classes;
  }

  private static Properties readProperties() {
    Properties properties = new Properties();
    try (InputStream in = CodeVersion.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }

  /**
   * SHA-256 over the names and bytes of every {@code dev/primer/**.class} this class loader sees,
   * sorted by name (test classes excluded), hex.
   */
  static String classHash() {
    TreeMap<String, byte[]> classes = new TreeMap<>();
    try {
      Enumeration<URL> roots =
          CodeVersion.class.getClassLoader().getResources(PACKAGE_DIR.replaceAll("/$", ""));
      for (URL root : Collections.list(roots)) {
        if (root.getPath().contains("/test-classes/")) {
          continue;
        }
        if ("jar".equals(root.getProtocol())) {
          readJar(root, classes);
        } else if ("file".equals(root.getProtocol())) {
          readDirectory(Path.of(root.toURI()), classes);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read primer's classes for the code version", e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    MessageDigest digest = ResourceIO.sha256Digest();
    classes.forEach(
        (name, bytes) -> {
          digest.update(name.getBytes(StandardCharsets.UTF_8));
          digest.update((byte) 0);
          digest.update(bytes);
        });
    return ResourceIO.hex(digest);
  }

  private static void readJar(URL root, TreeMap<String, byte[]> into) throws IOException {
    JarURLConnection connection = (JarURLConnection) root.openConnection();
    connection.setUseCaches(false);
    try (JarFile jar = connection.getJarFile()) {
      for (JarEntry entry : Collections.list(jar.entries())) {
        String name = entry.getName();
        if (name.startsWith(PACKAGE_DIR) && name.endsWith(".class")) {
          try (InputStream in = jar.getInputStream(entry)) {
            into.put(name, in.readAllBytes());
          }
        }
      }
    }
  }

  private static void readDirectory(Path packageDir, TreeMap<String, byte[]> into)
      throws IOException {
    Path classesRoot = packageDir.getParent().getParent();
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(packageDir)) {
      walk.filter(p -> p.toString().endsWith(".class")).forEach(files::add);
    }
    for (Path file : files) {
      String name = classesRoot.relativize(file).toString().replace('\\', '/');
      into.put(name, Files.readAllBytes(file));
    }
  }
}

package dev.primer.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Beam's file sinks write each bundle under a {@code .temp-beam*} directory beside the output and
 * rename the files into place when the bundle commits; they delete the temporary files but, on a
 * local file system, leave the emptied directories behind. Object stores ({@code gs://}) have no
 * directories, so there is nothing to tidy there.
 */
public final class BeamTempDirectories {

  /** The prefix of Beam's temporary directories. */
  public static final String PREFIX = ".temp-beam";

  private BeamTempDirectories() {}

  /**
   * Removes the empty {@code .temp-beam*} directories below {@code dir} when it is a local
   * directory; a temporary directory that still holds files is kept (it means a write did not
   * finish, which the caller's own checks report).
   *
   * @return the number of directories removed
   */
  public static int removeEmpty(ResourceId dir) throws IOException {
    if (!"file".equals(dir.getScheme())) {
      return 0;
    }
    Path root = Paths.get(dir.toString());
    if (!Files.isDirectory(root)) {
      return 0;
    }
    List<Path> candidates;
    try (Stream<Path> walk = Files.walk(root)) {
      candidates =
          walk.filter(Files::isDirectory)
              .filter(p -> p.getFileName().toString().startsWith(PREFIX))
              .sorted(Comparator.comparingInt(Path::getNameCount).reversed())
              .toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    int removed = 0;
    for (Path candidate : candidates) {
      if (isEmpty(candidate)) {
        Files.deleteIfExists(candidate);
        removed++;
      }
    }
    return removed;
  }

  private static boolean isEmpty(Path directory) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      return !entries.iterator().hasNext();
    }
  }
}

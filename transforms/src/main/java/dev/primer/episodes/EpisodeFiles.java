package dev.primer.episodes;

import dev.primer.io.ResourceIO;
import dev.primer.schemas.Episode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Reads what {@link WriteEpisodes} wrote, in episode order, through Beam FileSystems (local paths,
 * {@code gs://}, ...), one file at a time: for a driver or a DoFn that consumes the episodes as a
 * stream (priming) without holding them all.
 */
public final class EpisodeFiles {

  /** Receives episodes in index order. */
  @FunctionalInterface
  public interface Consumer {
    /** Takes one episode; may throw to stop the stream. */
    void accept(Episode episode) throws IOException;
  }

  private EpisodeFiles() {}

  /** The episode files of {@code directory}, in name (= episode) order. */
  public static List<ResourceId> files(String directory) throws IOException {
    String dir = directory.endsWith("/") ? directory : directory + "/";
    List<ResourceId> files = new ArrayList<>();
    for (MatchResult.Metadata m : ResourceIO.list(dir + "part-*.avro")) {
      files.add(m.resourceId());
    }
    files.sort(Comparator.comparing(ResourceId::getFilename));
    return files;
  }

  /**
   * Streams every episode of {@code directory} in index order, checking that the indices run 0, 1,
   * 2, ... without a gap (a missing file or episode is an error, not a shorter stream).
   *
   * @return the number of episodes read
   */
  public static long forEach(String directory, Consumer consumer) throws IOException {
    long next = 0;
    for (ResourceId file : files(directory)) {
      try (InputStream in = ResourceIO.open(file);
          DataFileStream<Episode> episodes =
              new DataFileStream<>(in, new SpecificDatumReader<>(Episode.class))) {
        for (Episode episode : episodes) {
          if (episode.getIndex() != next) {
            throw new IOException(
                file + ": expected episode " + next + ", found " + episode.getIndex());
          }
          consumer.accept(episode);
          next++;
        }
      }
    }
    return next;
  }

  /** Every episode of {@code directory}, in index order (small outputs and tests). */
  public static List<Episode> readAll(String directory) throws IOException {
    List<Episode> all = new ArrayList<>();
    forEach(directory, all::add);
    return all;
  }
}

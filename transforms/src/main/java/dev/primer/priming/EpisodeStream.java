package dev.primer.priming;

import dev.primer.io.ResourceIO;
import dev.primer.schemas.Episode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Streams {@link Episode}s from Avro files in the order of their {@code index}, without holding
 * them in memory: each file (itself ordered by index, as the {@code episodes} stage writes them) is
 * read block by block and the files are merged. At the end of the episodes a new pass starts from
 * the first one again, so a run may take more episodes than there are.
 *
 * <p>The position ({@link #position()}: pass and next index) is what a checkpoint records; {@link
 * #open(String, Position)} continues from it exactly.
 */
public final class EpisodeStream implements Iterator<Episode>, AutoCloseable {

  /**
   * Where a stream stands.
   *
   * @param pass 0-based pass over the episodes
   * @param nextIndex the index the next episode will have at least (episodes of this pass with a
   *     smaller index were consumed)
   * @param consumed episodes delivered since the start of the run, all passes together
   */
  public record Position(long pass, long nextIndex, long consumed) {
    /** The start of the stream. */
    public static final Position START = new Position(0, 0, 0);
  }

  private static final class Source {
    final ResourceId file;
    final DataFileStream<Episode> records;
    Episode head;

    Source(ResourceId file, DataFileStream<Episode> records) {
      this.file = file;
      this.records = records;
    }

    /** Moves to the next record; false at the end. Checks that the file is ordered by index. */
    boolean advance() {
      if (!records.hasNext()) {
        head = null;
        return false;
      }
      Episode next = records.next();
      if (head != null && next.getIndex() <= head.getIndex()) {
        throw new IllegalStateException(
            file
                + " is not ordered by episode index: "
                + next.getIndex()
                + " follows "
                + head.getIndex());
      }
      head = next;
      return true;
    }
  }

  private final String pattern;
  private final List<ResourceId> files;
  private final List<Source> open = new ArrayList<>();
  private PriorityQueue<Source> queue;
  private long pass;
  private long nextIndex;
  private long consumed;
  private long lastIndex = -1;

  private EpisodeStream(String pattern, List<ResourceId> files) {
    this.pattern = pattern;
    this.files = files;
  }

  /**
   * Opens the episodes matching {@code pattern} at {@code position}.
   *
   * @param pattern a FileSystems glob, e.g. {@code <run>/episodes/episodes/part-*.avro}
   * @param position where to continue ({@link Position#START} for a new run)
   * @throws IllegalArgumentException when no file matches or the files hold no episode
   */
  public static EpisodeStream open(String pattern, Position position) throws IOException {
    List<ResourceId> files = new ArrayList<>();
    for (MatchResult.Metadata m : ResourceIO.list(pattern)) {
      files.add(m.resourceId());
    }
    files.sort(Comparator.comparing(ResourceId::toString));
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no episode file matches " + pattern);
    }
    EpisodeStream stream = new EpisodeStream(pattern, files);
    stream.pass = position.pass();
    stream.consumed = position.consumed();
    stream.startPass();
    while (stream.queue.peek() != null
        && stream.queue.peek().head.getIndex() < position.nextIndex()) {
      stream.take();
    }
    stream.nextIndex = position.nextIndex();
    return stream;
  }

  /** Number of episodes in the files matching {@code pattern} (one pass, streamed). */
  public static long count(String pattern) throws IOException {
    try (EpisodeStream stream = open(pattern, Position.START)) {
      long n = 0;
      while (!stream.queue.isEmpty()) {
        stream.take();
        n++;
      }
      return n;
    }
  }

  private void startPass() throws IOException {
    closeSources();
    queue = new PriorityQueue<>(Comparator.comparingLong((Source s) -> s.head.getIndex()));
    for (ResourceId file : files) {
      InputStream in = ResourceIO.open(file);
      Source source;
      try {
        source =
            new Source(file, new DataFileStream<>(in, new SpecificDatumReader<>(Episode.class)));
      } catch (IOException e) {
        in.close();
        throw new IOException(file + " is not an Avro file of episodes: " + e.getMessage(), e);
      }
      open.add(source);
      if (source.advance()) {
        queue.add(source);
      }
    }
    lastIndex = -1;
    if (queue.isEmpty()) {
      throw new IllegalArgumentException("the episode files " + pattern + " hold no episode");
    }
  }

  private Episode take() {
    Source source = queue.poll();
    Episode episode = source.head;
    if (episode.getIndex() == lastIndex) {
      throw new IllegalStateException(
          "episode index " + lastIndex + " appears twice in " + pattern);
    }
    lastIndex = episode.getIndex();
    if (source.advance()) {
      queue.add(source);
    }
    return episode;
  }

  /** Always true: a stream of at least one episode never ends (it starts a new pass). */
  @Override
  public boolean hasNext() {
    return true;
  }

  @Override
  public Episode next() {
    if (queue.isEmpty()) {
      pass++;
      try {
        startPass();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (queue.isEmpty()) {
      throw new NoSuchElementException();
    }
    Episode episode = take();
    nextIndex = episode.getIndex() + 1;
    consumed++;
    return episode;
  }

  /** The next {@code n} episodes. */
  public List<Episode> next(int n) {
    List<Episode> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(next());
    }
    return out;
  }

  /** Where the stream stands (what the next {@link #next()} continues from). */
  public Position position() {
    return new Position(pass, nextIndex, consumed);
  }

  private void closeSources() throws IOException {
    IOException failure = null;
    for (Source s : open) {
      try {
        s.records.close();
      } catch (IOException e) {
        failure = e;
      }
    }
    open.clear();
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void close() throws IOException {
    closeSources();
  }
}

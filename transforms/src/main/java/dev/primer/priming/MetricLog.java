package dev.primer.priming;

import dev.primer.io.ResourceIO;
import dev.primer.schemas.Metric;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * The metrics of a resumable training run, kept beside its periodic checkpoints as Avro chunks
 * {@code metrics-NNNNNNNN.avro} (the records of the steps up to N since the previous chunk), each
 * written atomically before the checkpoint of step N. A resumed run replays the chunks up to its
 * checkpoint, so its metric output is the same as an uninterrupted run's.
 */
public final class MetricLog {

  private static final Pattern CHUNK = Pattern.compile("metrics-(\\d+)\\.avro$");

  private final ResourceId directory;

  /** A log in {@code directory} (a directory resource id). */
  public MetricLog(ResourceId directory) {
    this.directory = directory;
  }

  /** The chunk file of step {@code step}. */
  ResourceId chunk(long step) {
    return ResourceIO.child(directory, String.format(Locale.ROOT, "metrics-%08d.avro", step));
  }

  /** Writes the records of the steps up to {@code step} since the previous chunk. */
  public void write(long step, List<Metric> records) throws IOException {
    ResourceIO.writeAtomically(
        chunk(step),
        out -> {
          try (DataFileWriter<Metric> writer =
              new DataFileWriter<>(new SpecificDatumWriter<>(Metric.class))) {
            writer.create(Metric.getClassSchema(), out);
            for (Metric m : records) {
              writer.append(m);
            }
          }
        });
  }

  /**
   * Reads the chunks of steps up to {@code step} in step order and deletes those after it (records
   * of steps whose checkpoint was never completed).
   */
  public List<Metric> replay(long step) throws IOException {
    List<long[]> kept = new ArrayList<>();
    List<ResourceId> stale = new ArrayList<>();
    for (MatchResult.Metadata m : ResourceIO.list(directory + "metrics-*.avro")) {
      Matcher matcher = CHUNK.matcher(m.resourceId().getFilename());
      if (!matcher.find()) {
        continue;
      }
      long chunkStep = Long.parseLong(matcher.group(1));
      if (chunkStep <= step) {
        kept.add(new long[] {chunkStep});
      } else {
        stale.add(m.resourceId());
      }
    }
    if (!stale.isEmpty()) {
      FileSystems.delete(stale, StandardMoveOptions.IGNORE_MISSING_FILES);
    }
    kept.sort((a, b) -> Long.compare(a[0], b[0]));
    List<Metric> out = new ArrayList<>();
    for (long[] k : kept) {
      try (InputStream in = ResourceIO.open(chunk(k[0]));
          DataFileStream<Metric> records =
              new DataFileStream<>(in, new SpecificDatumReader<>(Metric.class))) {
        for (Metric m : records) {
          out.add(m);
        }
      }
    }
    return out;
  }

  /** Deletes every chunk. */
  public void clear() throws IOException {
    replay(-1);
  }
}

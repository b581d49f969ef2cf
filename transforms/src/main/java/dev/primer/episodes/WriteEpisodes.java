package dev.primer.episodes;

import dev.primer.io.ResourceIO;
import dev.primer.io.SpecificAvro;
import dev.primer.schemas.Episode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes episodes in index order: episode {@code i} goes to {@code part-BBBBB.avro} with {@code B =
 * i / episodesPerFile}, each file sorted by index. Reading the files in name order (see {@link
 * EpisodeFiles}) streams the episodes in the order they were drawn, one file in memory at a time.
 * Each file is written through Beam FileSystems to a temporary name and renamed, so a reader never
 * sees a partial file; a retried bundle rewrites the same file.
 *
 * <p>Output: (file name, episodes in it), one element per file.
 */
public final class WriteEpisodes
    extends PTransform<PCollection<Episode>, PCollection<KV<String, Long>>> {

  /** Episodes per file unless {@link #withEpisodesPerFile} says otherwise. */
  public static final int DEFAULT_EPISODES_PER_FILE = 256;

  private final String directory;
  private final int episodesPerFile;

  private WriteEpisodes(String directory, int episodesPerFile) {
    if (episodesPerFile < 1) {
      throw new IllegalArgumentException("episodes per file must be positive: " + episodesPerFile);
    }
    this.directory = directory;
    this.episodesPerFile = episodesPerFile;
  }

  /** Writes into {@code directory} (path or URI). */
  public static WriteEpisodes to(String directory) {
    return new WriteEpisodes(directory, DEFAULT_EPISODES_PER_FILE);
  }

  /** At most {@code n} episodes per file. */
  public WriteEpisodes withEpisodesPerFile(int n) {
    return new WriteEpisodes(directory, n);
  }

  /** The name of file number {@code block}. */
  public static String fileName(long block) {
    return String.format(Locale.ROOT, "part-%05d.avro", block);
  }

  @Override
  public PCollection<KV<String, Long>> expand(PCollection<Episode> episodes) {
    int perFile = episodesPerFile;
    return episodes
        .apply(
            "KeyByFile",
            MapElements.into(
                    TypeDescriptors.kvs(TypeDescriptors.longs(), TypeDescriptor.of(Episode.class)))
                .via(e -> KV.of(e.getIndex() / perFile, e)))
        .setCoder(KvCoder.of(VarLongCoder.of(), SpecificAvro.coder(Episode.class)))
        .apply("EpisodesPerFile", GroupByKey.create())
        .apply("WriteFiles", ParDo.of(new WriteEpisodeFileFn(directory)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
  }

  /** Sorts one file's episodes by index and writes them atomically. */
  static final class WriteEpisodeFileFn
      extends DoFn<KV<Long, Iterable<Episode>>, KV<String, Long>> {

    private final String directory;

    WriteEpisodeFileFn(String directory) {
      this.directory = directory;
    }

    @ProcessElement
    public void process(
        @Element KV<Long, Iterable<Episode>> file, OutputReceiver<KV<String, Long>> out)
        throws IOException {
      List<Episode> episodes = new ArrayList<>();
      file.getValue().forEach(episodes::add);
      episodes.sort(Comparator.comparingLong(Episode::getIndex));
      String name = fileName(file.getKey());
      ResourceId target = ResourceIO.child(ResourceIO.directory(directory), name);
      ResourceIO.writeAtomically(
          target,
          stream -> {
            try (DataFileWriter<Episode> writer =
                new DataFileWriter<>(new SpecificDatumWriter<>(Episode.class))) {
              writer.setCodec(CodecFactory.deflateCodec(6));
              writer.create(Episode.getClassSchema(), stream);
              for (Episode episode : episodes) {
                writer.append(episode);
              }
            }
          });
      out.output(KV.of(name, (long) episodes.size()));
    }
  }
}

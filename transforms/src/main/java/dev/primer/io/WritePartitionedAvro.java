package dev.primer.io;

import java.io.Serializable;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;

/**
 * Writes Avro records into Hive-style partitions {@code <dir>/lang=L/split=S/part-i-of-n.avro}
 * through Beam's {@link FileIO}, which stages every file under a temporary name and renames it when
 * the bundle commits, so readers never see partial files.
 *
 * @param <T> an Avro-generated record class
 */
public final class WritePartitionedAvro<T>
    extends PTransform<PCollection<T>, WriteFilesResult<String>> {

  /** Returns the partition of a record, as a relative path such as {@code lang=en/split=train}. */
  public interface Partitioner<T> extends SerializableFunction<T, String>, Serializable {}

  private final Class<T> recordClass;
  private final String directory;
  private final Partitioner<T> partitioner;
  private final int shards;

  private WritePartitionedAvro(
      Class<T> recordClass, String directory, Partitioner<T> partitioner, int shards) {
    this.recordClass = recordClass;
    this.directory = directory;
    this.partitioner = partitioner;
    this.shards = shards;
  }

  /**
   * Writes {@code recordClass} records under {@code directory}, partitioned by {@code partitioner}.
   */
  public static <T> WritePartitionedAvro<T> to(
      Class<T> recordClass, String directory, Partitioner<T> partitioner) {
    return new WritePartitionedAvro<>(recordClass, directory, partitioner, 0);
  }

  /**
   * The partition path for a language and split: {@code lang=L/split=S}. Both must be safe path
   * segments ({@link PathSegments}); the stages check them before (dead letters, user errors), so
   * an unsafe one here is a bug and fails rather than writing outside the directory.
   */
  public static String languageAndSplit(String lang, String split) {
    if (!PathSegments.isSafe(lang) || !PathSegments.isSafe(split)) {
      throw new IllegalStateException(
          "unsafe partition lang=" + lang + "/split=" + split + ": " + PathSegments.rule());
    }
    return "lang=" + lang + "/split=" + split;
  }

  /** Fixes the number of files per partition (0, the default, lets the runner choose). */
  public WritePartitionedAvro<T> withShards(int shards) {
    return new WritePartitionedAvro<>(recordClass, directory, partitioner, shards);
  }

  @Override
  public WriteFilesResult<String> expand(PCollection<T> records) {
    FileIO.Write<String, T> write =
        FileIO.<String, T>writeDynamic()
            .by(partitioner)
            .withDestinationCoder(org.apache.beam.sdk.coders.StringUtf8Coder.of())
            .via(SpecificAvro.sink(recordClass))
            .to(directory)
            .withNaming(partition -> FileIO.Write.defaultNaming(partition + "/part", ".avro"));
    if (shards > 0) {
      write = write.withNumShards(shards);
    }
    return records.apply("WriteAvroFiles", write);
  }
}

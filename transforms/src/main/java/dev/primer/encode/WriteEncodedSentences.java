package dev.primer.encode;

import dev.primer.io.WritePartitionedAvro;
import dev.primer.schemas.EncodedSentence;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;

/**
 * Writes encoded windows as Avro under {@code <directory>/lang=L/split=S/part-*.avro} with {@link
 * WritePartitionedAvro}.
 */
public final class WriteEncodedSentences
    extends PTransform<PCollection<EncodedSentence>, WriteFilesResult<String>> {

  private final String directory;
  private final int shards;

  private WriteEncodedSentences(String directory, int shards) {
    this.directory = directory;
    this.shards = shards;
  }

  /** Writes under {@code directory}; the runner chooses the number of files per partition. */
  public static WriteEncodedSentences to(String directory) {
    return new WriteEncodedSentences(directory, 0);
  }

  /** Fixes the number of files per partition. */
  public WriteEncodedSentences withShards(int shards) {
    return new WriteEncodedSentences(directory, shards);
  }

  @Override
  public WriteFilesResult<String> expand(PCollection<EncodedSentence> encoded) {
    WritePartitionedAvro.Partitioner<EncodedSentence> byLangAndSplit =
        e -> WritePartitionedAvro.languageAndSplit(e.getLang(), e.getSplit());
    return encoded.apply(
        "WritePartitioned",
        WritePartitionedAvro.to(EncodedSentence.class, directory, byLangAndSplit)
            .withShards(shards));
  }
}

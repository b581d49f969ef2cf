package dev.primer.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;

/**
 * Writes a single-element {@code PCollection<String>} (tokenizer.json, a mapping TSV, labels.json)
 * byte for byte to {@code <directory>/<fileName>} through {@link FileIO}, which writes a temporary
 * file and renames it on commit. Unlike {@code TextIO}, adds no newline.
 */
public final class WriteTextFile extends PTransform<PCollection<String>, WriteFilesResult<Void>> {

  private final String directory;
  private final String fileName;

  private WriteTextFile(String directory, String fileName) {
    this.directory = directory;
    this.fileName = fileName;
  }

  /**
   * Writes to {@code directory/fileName}, e.g. {@code to(runRoot + "/vocab", "tokenizer.json")}.
   */
  public static WriteTextFile to(String directory, String fileName) {
    return new WriteTextFile(directory, fileName);
  }

  @Override
  public WriteFilesResult<Void> expand(PCollection<String> text) {
    return text.apply(
        "WriteFile",
        FileIO.<String>write()
            .via(new Utf8Sink())
            .to(directory)
            .withNaming((window, pane, numShards, shardIndex, compression) -> fileName)
            .withNumShards(1));
  }

  /** Writes each element's UTF-8 bytes, nothing else. */
  static final class Utf8Sink implements FileIO.Sink<String> {
    private transient OutputStream out;

    @Override
    public void open(WritableByteChannel channel) {
      out = Channels.newOutputStream(channel);
    }

    @Override
    public void write(String element) throws IOException {
      out.write(element.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }
  }
}

package dev.primer.pipelines;

import dev.primer.UserError;
import dev.primer.io.ResourceIO;
import dev.primer.learn.checkpoint.CheckpointManifest;
import dev.primer.vocab.TokenizerJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Opens and validates the files a stage names, from {@link Stage#plan}: before {@link StageRunner}
 * removes anything of an earlier output, so that an unusable input leaves the committed output as
 * it was. Every problem is a {@link UserError} naming the option and the file.
 */
final class InputChecks {

  private InputChecks() {}

  /**
   * Checks a checkpoint directory: its {@code checkpoint.json} parses and every file it lists
   * exists with the size it records.
   */
  static CheckpointManifest checkpoint(String option, String directory) throws IOException {
    String dir = directory.endsWith("/") ? directory : directory + "/";
    ResourceId manifestFile = ResourceIO.file(dir + CheckpointManifest.FILE);
    if (!ResourceIO.exists(manifestFile)) {
      throw new UserError(
          option
              + ": "
              + dir
              + " holds no complete checkpoint (no "
              + CheckpointManifest.FILE
              + ")");
    }
    CheckpointManifest manifest;
    try (InputStream in = ResourceIO.open(manifestFile)) {
      manifest = CheckpointManifest.parse(in, manifestFile.toString());
    } catch (IOException | RuntimeException e) {
      throw new UserError(
          option + ": " + manifestFile + " is not a checkpoint manifest: " + firstLine(e), e);
    }
    for (Map.Entry<String, CheckpointManifest.FileDigest> f : manifest.files().entrySet()) {
      ResourceId file = ResourceIO.file(dir + f.getKey());
      long size;
      try {
        size = org.apache.beam.sdk.io.FileSystems.matchSingleFileSpec(file.toString()).sizeBytes();
      } catch (IOException e) {
        throw new UserError(
            option + ": checkpoint " + dir + " lists " + f.getKey() + ", which is missing", e);
      }
      if (size != f.getValue().bytes()) {
        throw new UserError(
            option
                + ": checkpoint file "
                + file
                + " has "
                + size
                + " bytes, its manifest records "
                + f.getValue().bytes());
      }
    }
    return manifest;
  }

  /** The first line of an exception's message (Jackson adds a source location line). */
  static String firstLine(Throwable e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** Checks a {@code tokenizer.json}: it exists and parses. */
  static TokenizerJson tokenizer(String option, String uri) throws IOException {
    ResourceId file = ResourceIO.file(uri);
    if (!ResourceIO.exists(file)) {
      throw new UserError(option + ": no such file: " + uri);
    }
    try {
      return TokenizerJson.parse(ResourceIO.readString(file));
    } catch (IllegalArgumentException e) {
      throw new UserError(option + ": " + uri + " is " + e.getMessage(), e);
    }
  }
}

package dev.primer.pipelines;

import dev.primer.io.ResourceIO;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * The small multilingual NER corpus built into primer (six languages, PAN-X and CoNLL-2002 formats,
 * with deliberately malformed lines), copied out of the jar so stages read it through Beam
 * FileSystems like any other input.
 */
final class DemoCorpus {

  private static final String ROOT = "/dev/primer/demo/corpus/";

  private DemoCorpus() {}

  /** The corpus files' paths relative to the corpus root. */
  static List<String> files() throws IOException {
    List<String> files = new ArrayList<>();
    try (InputStream index = open("INDEX")) {
      for (String line : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          files.add(line.trim());
        }
      }
    }
    return files;
  }

  /** Copies the corpus below {@code directory} (replacing earlier copies) and returns it. */
  static ResourceId copyTo(ResourceId directory) throws IOException {
    for (String file : files()) {
      byte[] bytes;
      try (InputStream in = open(file)) {
        bytes = in.readAllBytes();
      }
      ResourceIO.writeAtomically(ResourceIO.child(directory, file), bytes);
    }
    return directory;
  }

  /** Corpus specs for the copied corpus. */
  static List<String> corpusSpecs(ResourceId directory) {
    return List.of(
        "panx:" + ResourceIO.childDirectory(directory, "panx") + "*.tsv",
        "conll2002:" + ResourceIO.childDirectory(directory, "conll2002") + "*");
  }

  private static InputStream open(String file) throws IOException {
    InputStream in = DemoCorpus.class.getResourceAsStream(ROOT + file);
    if (in == null) {
      throw new IOException("demo corpus file missing from the jar: " + ROOT + file);
    }
    return in;
  }
}

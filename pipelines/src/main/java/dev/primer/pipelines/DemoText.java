package dev.primer.pipelines;

import dev.primer.io.ResourceIO;
import java.io.IOException;
import java.io.InputStream;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * The raw text the demo tags with {@code predict}: JSON lines in languages with an adapter (fr,
 * sw), without one (en, qu: tagged by the fallback adapter) and two bad lines (empty, broken JSON)
 * that reach the dead letters.
 */
final class DemoText {

  private static final String RESOURCE = "/dev/primer/demo/text/sentences.jsonl";

  private DemoText() {}

  /** Copies the text to {@code directory}/sentences.jsonl and returns the predict input spec. */
  static String copyTo(ResourceId directory) throws IOException {
    byte[] bytes;
    try (InputStream in = DemoText.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException("demo text missing from the jar: " + RESOURCE);
      }
      bytes = in.readAllBytes();
    }
    ResourceId file = ResourceIO.child(directory, "sentences.jsonl");
    ResourceIO.writeAtomically(file, bytes);
    return "jsonl:" + file;
  }
}

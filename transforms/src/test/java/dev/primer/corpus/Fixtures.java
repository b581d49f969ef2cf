package dev.primer.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.primer.schemas.DeadLetter;
import dev.primer.schemas.Sentence;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Test fixtures under {@code src/test/resources/corpus} and assertions on parse results. */
final class Fixtures {
  private Fixtures() {}

  /** The fixture file at {@code corpus/<relative>}. */
  static Path resource(String relative) {
    URL url = Fixtures.class.getClassLoader().getResource("corpus/" + relative);
    if (url == null) {
      throw new IllegalArgumentException("no fixture corpus/" + relative);
    }
    try {
      return Paths.get(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The directory holding the fixtures. */
  static Path root() {
    return resource("panx").getParent();
  }

  /** Parses {@code file} as matched by {@code spec}. */
  static CollectingSink parse(CorpusSpec spec, Path file, StageSettings settings) {
    CorpusFile corpusFile = CorpusFile.resolve(spec, file.toUri().toString());
    CollectingSink sink = new CollectingSink();
    try (InputStream in = Files.newInputStream(file)) {
      new CorpusFileParser(corpusFile, settings).parse(in, sink);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sink;
  }

  static CollectingSink parse(String spec, Path file) {
    return parse(CorpusSpec.parse(spec), file, StageSettings.defaults());
  }

  /** Parses in-memory bytes as an English train file of {@code format}. */
  static CollectingSink parseBytes(CorpusFormat format, byte[] data, StageSettings settings) {
    return parseBytes(CorpusFile.of("mem://test", format, "en", "train", "test"), data, settings);
  }

  static CollectingSink parseBytes(CorpusFile file, byte[] data, StageSettings settings) {
    CollectingSink sink = new CollectingSink();
    new CorpusFileParser(file, settings).parse(new ByteArrayInputStream(data), sink);
    return sink;
  }

  /** Writes a gzip copy of {@code source} to {@code target}. */
  static Path gzip(Path source, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(target))) {
      Files.copy(source, out);
    }
    return target;
  }

  /** The gzip bytes of {@code data}. */
  static byte[] gzip(byte[] data) {
    try {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      try (OutputStream out = new GZIPOutputStream(bytes)) {
        out.write(data);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void assertSentence(
      Sentence s, List<String> tokens, List<String> tags, long line, long offset) {
    assertEquals(tokens, s.getTokens(), "tokens");
    assertEquals(tags, s.getTags(), "tags of " + tokens);
    assertEquals(line, s.getPosition().getLine(), "line of " + tokens);
    assertEquals(offset, s.getPosition().getByteOffset(), "byte offset of " + tokens);
    assertEquals(1, s.getCopies());
  }

  static void assertDeadLetter(DeadLetter d, DeadLetterReason reason, long line, long offset) {
    assertEquals(reason.name(), d.getReason(), "reason of " + d);
    assertEquals(line, d.getLine(), "line of " + d);
    assertEquals(offset, d.getByteOffset(), "byte offset of " + d);
    assertEquals(CorpusFileParser.STAGE, d.getStage());
  }
}

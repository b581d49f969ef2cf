package dev.primer.vocab;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.primer.schemas.Sentence;
import dev.primer.schemas.SourcePosition;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Test fixtures shared by the vocab and encode tests. */
public final class Fixtures {

  private Fixtures() {}

  /** The small hand-written WordPiece tokenizer.json under test resources. */
  public static Path tinyTokenizer() {
    try {
      return Paths.get(Fixtures.class.getResource("/tokenizers/tiny-wordpiece.json").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Its text. */
  public static String tinyTokenizerJson() {
    return read(tinyTokenizer());
  }

  /** The shared directory, or null when the build did not pass it or it is absent. */
  public static Path sharedDir() {
    String dir = System.getProperty("primer.shared.dir");
    if (dir == null || !Files.isDirectory(Paths.get(dir))) {
      return null;
    }
    return Paths.get(dir);
  }

  /** The real mBERT tokenizer.json; skips the test when it is absent. */
  public static Path mbertTokenizer() {
    Path shared = sharedDir();
    assumeTrue(shared != null, "primer.shared.dir not available");
    Path p = shared.resolve("models/mbert-base-cased/tokenizer.json");
    assumeTrue(Files.isRegularFile(p), "mBERT tokenizer.json absent");
    return p;
  }

  /** A PAN-X file ({@code train-en.tsv.gz}, ...); skips the test when it is absent. */
  public static Path panx(String name) {
    Path shared = sharedDir();
    assumeTrue(shared != null, "primer.shared.dir not available");
    Path p = shared.resolve("data/ner/panx/" + name);
    assumeTrue(Files.isRegularFile(p), name + " absent");
    return p;
  }

  /** Reads up to {@code max} sentences of a PAN-X file . */
  public static List<Sentence> readPanx(Path file, String lang, String split, int max) {
    List<Sentence> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      List<String> tokens = new ArrayList<>();
      List<String> tags = new ArrayList<>();
      String line;
      while ((line = r.readLine()) != null && out.size() < max) {
        if (line.isBlank()) {
          if (!tokens.isEmpty()) {
            out.add(sentence(lang + "-" + split + "-" + out.size(), lang, split, tokens, tags));
            tokens = new ArrayList<>();
            tags = new ArrayList<>();
          }
          continue;
        }
        String[] cols = line.split("\t");
        tokens.add(cols[0]);
        tags.add(cols.length > 1 ? cols[1] : "O");
      }
      if (!tokens.isEmpty() && out.size() < max) {
        out.add(sentence(lang + "-" + split + "-" + out.size(), lang, split, tokens, tags));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** A staged sentence built directly. */
  public static Sentence sentence(
      String id, String lang, String split, List<String> tokens, List<String> tags) {
    return Sentence.newBuilder()
        .setId(id)
        .setLang(lang)
        .setCorpus("test")
        .setSplit(split)
        .setTokens(new ArrayList<>(tokens))
        .setTags(new ArrayList<>(tags))
        .setPosition(
            SourcePosition.newBuilder()
                .setSource("file:///test")
                .setLine(1)
                .setByteOffset(0)
                .setOrdinal(0)
                .build())
        .build();
  }

  /** A sentence whose tags are all O. */
  public static Sentence untagged(String id, String lang, String split, String... tokens) {
    List<String> tags = new ArrayList<>();
    for (int i = 0; i < tokens.length; i++) {
      tags.add("O");
    }
    return sentence(id, lang, split, List.of(tokens), tags);
  }

  static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

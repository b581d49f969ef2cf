package dev.primer.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.schemas.DeadLetter;
import dev.primer.schemas.Sentence;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzz test of the {@code stage} logic: a few hundred files of real PAN-X, CoNLL-2002 and
 * MasakhaNER sentences (from {@code ../shared}, or the test fixtures where it is absent), each
 * damaged one way (byte flips, truncation, bad gzip CRC, truncated or corrupted gzip, invalid
 * UTF-8, CRLF, missing or extra columns, NUL and control characters in tokens and tags, tags
 * outside the grammar, 1 MB lines, empty and binary files; some left intact as controls), all
 * staged in one pipeline on the DirectRunner.
 *
 * <p>Asserted: the pipeline does not fail; for every file, the kept sentences are exactly the
 * sentences that an independent reader written here (strict gzip through {@link GZIPInputStream},
 * its own line, column and tag rules) finds intact, with IOB2 repairs applied; every other sentence
 * of the file is one dead letter with a reason, or the file is one {@code UNREADABLE_FILE} or
 * {@code EMPTY_FILE} dead letter. Prints the figures.
 */
@ExtendWith(TestPipelineExtension.class)
class CorpusFuzzTest {

  private static final long SEED = 16;
  private static final int FILES = 240;
  private static final int MAX_LINE = StageSettings.DEFAULT_MAX_LINE_BYTES;
  private static final Pattern TAG = Pattern.compile("O|[BI]-[A-Z][A-Z0-9_]*");
  private static final Pattern PREFIX = Pattern.compile("([a-z]{2,3}):.+");

  /** One way of damaging a file. */
  enum Mutation {
    INTACT,
    GZIP_INTACT,
    CRLF,
    BOM,
    BYTE_FLIPS,
    TRUNCATE,
    GZIP_BAD_CRC,
    GZIP_BAD_SIZE,
    GZIP_TRUNCATED,
    GZIP_FLIP,
    INVALID_UTF8,
    MISSING_COLUMN,
    EXTRA_COLUMN,
    NUL_IN_TOKEN,
    CONTROL_IN_TOKEN,
    CONTROL_IN_TAG,
    BAD_TAG,
    LONG_LINE,
    EMPTY,
    BINARY
  }

  /** A source of real sentences. */
  record Source(String id, CorpusFormat format, String lang, List<String> blocks) {}

  /** What the independent reader expects of one file. */
  record Expected(List<String> kept, int badSentences, String fileReason) implements Serializable {}

  private static List<Source> sources() throws IOException {
    Path shared = Paths.get(System.getProperty("primer.shared.dir", "../shared"), "data", "ner");
    List<Source> sources = new ArrayList<>();
    if (Files.isDirectory(shared)) {
      addSource(sources, "panx-sw", CorpusFormat.PANX, "sw", shared.resolve("panx/dev-sw.tsv.gz"));
      addSource(sources, "panx-de", CorpusFormat.PANX, "de", shared.resolve("panx/dev-de.tsv.gz"));
      addSource(
          sources,
          "conll-es",
          CorpusFormat.CONLL2002,
          "es",
          shared.resolve("conll2002/esp.testa.gz"));
      addSource(
          sources,
          "conll-nl",
          CorpusFormat.CONLL2002,
          "nl",
          shared.resolve("conll2002/ned.testa.gz"));
      addSource(
          sources,
          "masakhaner-hau",
          CorpusFormat.MASAKHANER,
          "hau",
          shared.resolve("masakhaner2/hau/dev.txt.gz"));
      addSource(
          sources,
          "masakhaner-swa",
          CorpusFormat.MASAKHANER,
          "swa",
          shared.resolve("masakhaner2/swa/dev.txt.gz"));
    }
    if (sources.isEmpty()) {
      addSource(
          sources, "panx-en", CorpusFormat.PANX, "en", Fixtures.resource("panx/train-en.tsv"));
      addSource(
          sources,
          "conll-es",
          CorpusFormat.CONLL2002,
          "es",
          Fixtures.resource("conll2002/esp.train"));
      addSource(
          sources,
          "masakhaner-hau",
          CorpusFormat.MASAKHANER,
          "hau",
          Fixtures.resource("masakhaner2/hau/train.txt"));
    }
    return sources;
  }

  private static void addSource(
      List<Source> sources, String id, CorpusFormat format, String lang, Path file)
      throws IOException {
    if (!Files.isRegularFile(file)) {
      return;
    }
    byte[] bytes = Files.readAllBytes(file);
    if (file.toString().endsWith(".gz")) {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
        bytes = in.readAllBytes();
      }
    }
    List<String> blocks = new ArrayList<>();
    for (String block : new String(bytes, StandardCharsets.UTF_8).split("\n\\s*\n")) {
      if (!block.isBlank() && blocks.size() < 2000) {
        blocks.add(block.strip());
      }
    }
    sources.add(new Source(id, format, lang, blocks));
  }

  // ---- generating damaged files ----

  private static byte[] gzip(byte[] data) {
    return Fixtures.gzip(data);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Replaces a random token line with {@code edit} applied to its columns. */
  private static String editLine(String text, Random random, CorpusFormat format, LineEdit edit) {
    String[] lines = text.split("\n", -1);
    List<Integer> tokenLines = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      if (!lines[i].isBlank() && !lines[i].startsWith(CorpusFormat.DOCSTART)) {
        tokenLines.add(i);
      }
    }
    int at = tokenLines.get(random.nextInt(tokenLines.size()));
    String sep = format == CorpusFormat.PANX ? "\t" : " ";
    List<String> columns = new ArrayList<>(Arrays.asList(lines[at].split(sep, -1)));
    lines[at] = String.join(sep, edit.apply(columns, random));
    return String.join("\n", lines);
  }

  interface LineEdit {
    List<String> apply(List<String> columns, Random random);
  }

  private static String insertAt(String s, int at, String what) {
    return s.substring(0, at) + what + s.substring(at);
  }

  private static byte[] damage(Mutation m, String text, CorpusFormat format, Random random) {
    byte[] plain = utf8(text);
    switch (m) {
      case INTACT:
        return plain;
      case GZIP_INTACT:
        return gzip(plain);
      case CRLF:
        return utf8(text.replace("\n", "\r\n"));
      case BOM:
        return utf8("\uFEFF" + text);
      case BYTE_FLIPS:
        {
          byte[] b = plain.clone();
          int flips = 1 + random.nextInt(5);
          for (int i = 0; i < flips; i++) {
            b[random.nextInt(b.length)] ^= (byte) (1 + random.nextInt(255));
          }
          return b;
        }
      case TRUNCATE:
        return Arrays.copyOf(plain, random.nextInt(plain.length));
      case GZIP_BAD_CRC:
        {
          byte[] gz = gzip(plain);
          gz[gz.length - 8 + random.nextInt(4)] ^= (byte) (1 + random.nextInt(255));
          return gz;
        }
      case GZIP_BAD_SIZE:
        {
          byte[] gz = gzip(plain);
          gz[gz.length - 4 + random.nextInt(4)] ^= (byte) (1 + random.nextInt(255));
          return gz;
        }
      case GZIP_TRUNCATED:
        {
          byte[] gz = gzip(plain);
          return Arrays.copyOf(gz, 10 + random.nextInt(gz.length - 10));
        }
      case GZIP_FLIP:
        {
          byte[] gz = gzip(plain);
          gz[10 + random.nextInt(gz.length - 18)] ^= (byte) (1 + random.nextInt(255));
          return gz;
        }
      case INVALID_UTF8:
        {
          int at = text.indexOf('\n', random.nextInt(text.length()));
          at = at < 0 ? 0 : at + 1;
          byte[] head = utf8(text.substring(0, at));
          byte[] bad =
              random.nextBoolean() ? new byte[] {(byte) 0xC3, '('} : new byte[] {(byte) 0xFF};
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          out.writeBytes(head);
          out.writeBytes(bad);
          out.writeBytes(utf8(text.substring(at)));
          return out.toByteArray();
        }
      case MISSING_COLUMN:
        return utf8(editLine(text, random, format, (c, r) -> c.subList(0, 1)));
      case EXTRA_COLUMN:
        return utf8(
            editLine(
                text,
                random,
                format,
                (c, r) -> {
                  List<String> more = new ArrayList<>(c);
                  for (int i = 0; i < 1 + r.nextInt(3); i++) {
                    more.add(1, "X" + i);
                  }
                  return more;
                }));
      case NUL_IN_TOKEN:
        return utf8(
            editLine(
                text,
                random,
                format,
                (c, r) -> {
                  c.set(0, insertAt(c.get(0), r.nextInt(c.get(0).length() + 1), "\u0000"));
                  return c;
                }));
      case CONTROL_IN_TOKEN:
        return utf8(
            editLine(
                text,
                random,
                format,
                (c, r) -> {
                  String control = String.valueOf((char) (1 + r.nextInt(8)));
                  c.set(0, insertAt(c.get(0), r.nextInt(c.get(0).length() + 1), control));
                  return c;
                }));
      case CONTROL_IN_TAG:
        return utf8(
            editLine(
                text,
                random,
                format,
                (c, r) -> {
                  int last = c.size() - 1;
                  String control = r.nextBoolean() ? "\u0000\u0000" : "\u001b";
                  c.set(last, c.get(last) + control);
                  return c;
                }));
      case BAD_TAG:
        return utf8(
            editLine(
                text,
                random,
                format,
                (c, r) -> {
                  String[] bad = {"B-loc", "B-PER-X", "I-XYZ\u0000", "b-PER", "B-", "E-LOC"};
                  c.set(c.size() - 1, bad[r.nextInt(bad.length)]);
                  return c;
                }));
      case LONG_LINE:
        {
          String[] lines = text.split("\n", -1);
          int at = random.nextInt(lines.length);
          String sep = format == CorpusFormat.PANX ? "\t" : " ";
          lines[at] =
              "x".repeat(1 << 20) + sep + "O" + (lines[at].isEmpty() ? "" : "\n" + lines[at]);
          return utf8(String.join("\n", lines));
        }
      case EMPTY:
        return random.nextBoolean() ? new byte[0] : utf8("\n\n  \n\n");
      case BINARY:
        {
          byte[] b = new byte[256 + random.nextInt(8192)];
          random.nextBytes(b);
          b[0] = 0x00;
          return b;
        }
      default:
        throw new IllegalStateException(m.name());
    }
  }

  // ---- the independent reader ----

  /** What a file should give, read by rules written independently of the parser. */
  static Expected expect(byte[] bytes, CorpusFormat format) {
    byte[] data = bytes;
    if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
        data = in.readAllBytes();
      } catch (IOException e) {
        return new Expected(List.of(), 0, DeadLetterReason.UNREADABLE_FILE.name());
      }
    }
    Sentences s = new Sentences();
    boolean prefixDecided = format != CorpusFormat.PANX;
    String prefix = null;
    int start = 0;
    int lineNo = 0;
    while (start < data.length) {
      int end = start;
      while (end < data.length && data[end] != '\n') {
        end++;
      }
      byte[] line = Arrays.copyOfRange(data, start, end);
      start = end + 1;
      lineNo++;
      boolean tooLong = line.length > MAX_LINE;
      int from = 0;
      int to = line.length;
      if (lineNo == 1
          && to >= 3
          && (line[0] & 0xff) == 0xEF
          && (line[1] & 0xff) == 0xBB
          && (line[2] & 0xff) == 0xBF) {
        from = 3;
      }
      if (tooLong) {
        s.open = true;
        s.broken = true;
        continue;
      }
      if (to > from && line[to - 1] == '\r') {
        to--;
      }
      String text;
      try {
        text =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(line, from, to - from))
                .toString();
      } catch (CharacterCodingException e) {
        s.open = true;
        s.broken = true;
        continue;
      }
      if (text.isEmpty()) {
        s.endSentence();
        continue;
      }
      if (text.matches("[ \t]+")) {
        s.broken |= s.open;
        continue;
      }
      String[] columns = format == CorpusFormat.PANX ? text.split("\t", -1) : spaceColumns(text);
      if (columns[0].equals(CorpusFormat.DOCSTART)) {
        s.endSentence();
        continue;
      }
      s.open = true;
      int min = format == CorpusFormat.CONLL2002 ? 2 : 2;
      int max = format == CorpusFormat.CONLL2002 ? 4 : 2;
      if (columns.length < min || columns.length > max) {
        s.broken = true;
        continue;
      }
      String token = columns[0];
      String tag = columns[columns.length - 1];
      if (!prefixDecided) {
        prefixDecided = true;
        Matcher m = PREFIX.matcher(token);
        prefix = m.matches() ? m.group(1) + ":" : null;
      }
      if (prefix != null && token.startsWith(prefix)) {
        token = token.substring(prefix.length());
      }
      if (token.isBlank() || hasControl(token) || !TAG.matcher(tag).matches()) {
        s.broken = true;
        continue;
      }
      s.tokens.add(token);
      s.tags.add(tag);
    }
    s.endSentence();
    if (s.kept.isEmpty() && s.bad == 0) {
      return new Expected(List.of(), 0, DeadLetterReason.EMPTY_FILE.name());
    }
    Collections.sort(s.kept);
    return new Expected(s.kept, s.bad, null);
  }

  /** The oracle's state: the sentences kept so far, the bad ones, and the one being read. */
  private static final class Sentences {
    final List<String> kept = new ArrayList<>();
    int bad;
    boolean open;
    boolean broken;
    final List<String> tokens = new ArrayList<>();
    final List<String> tags = new ArrayList<>();

    /** Ends the sentence being read (a blank line, -DOCSTART- or the end of the file). */
    void endSentence() {
      if (open) {
        if (broken) {
          bad++;
        } else {
          kept.add(key(tokens, repaired(tags)));
        }
      }
      open = false;
      broken = false;
      tokens.clear();
      tags.clear();
    }
  }

  /** Columns of a space-separated line: runs of spaces/tabs separate; leading ones give "". */
  private static String[] spaceColumns(String text) {
    String core = text.replaceAll("^[ \t]+", "").replaceAll("[ \t]+$", "");
    List<String> columns = new ArrayList<>();
    if (text.charAt(0) == ' ' || text.charAt(0) == '\t') {
      columns.add("");
    }
    if (!core.isEmpty()) {
      columns.addAll(Arrays.asList(core.split("[ \t]+")));
    }
    return columns.toArray(new String[0]);
  }

  private static boolean hasControl(String s) {
    return s.chars().anyMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f));
  }

  /** IOB2 as the stage repairs it: an I-X that does not continue an X entity becomes B-X. */
  private static List<String> repaired(List<String> tags) {
    List<String> out = new ArrayList<>();
    String before = "O";
    for (String tag : tags) {
      boolean continues =
          !before.equals("O") && tag.length() > 2 && before.substring(2).equals(tag.substring(2));
      out.add(tag.startsWith("I-") && !continues ? "B-" + tag.substring(2) : tag);
      before = tag;
    }
    return out;
  }

  static String key(List<String> tokens, List<String> tags) {
    return String.join("\u241f", tokens) + " || " + String.join("\u241f", tags);
  }

  // ---- the test ----

  @Test
  void fuzzedCorporaKeepExactlyTheirIntactSentences(TestPipeline pipeline, @TempDir Path dir)
      throws IOException {
    List<Source> sources = sources();
    Random random = new Random(SEED);
    Map<String, Expected> expected = new TreeMap<>();
    Map<String, Integer> perMutation = new TreeMap<>();
    List<CorpusSpec> specs = new ArrayList<>();
    for (Source source : sources) {
      Files.createDirectories(dir.resolve(source.id()));
      specs.add(
          CorpusSpec.parse(
              source.format().id()
                  + ";lang="
                  + source.lang()
                  + ";split=dev:"
                  + dir.resolve(source.id())
                  + "/*"));
    }
    int sentencesWritten = 0;
    Mutation[] mutations = Mutation.values();
    for (int i = 0; i < FILES; i++) {
      Source source = sources.get(i % sources.size());
      Mutation mutation = mutations[(i / sources.size() + i) % mutations.length];
      int count = 3 + random.nextInt(30);
      int from = random.nextInt(Math.max(1, source.blocks().size() - count));
      List<String> blocks =
          source.blocks().subList(from, Math.min(source.blocks().size(), from + count));
      sentencesWritten += blocks.size();
      String text = String.join("\n\n", blocks) + "\n";
      byte[] bytes = damage(mutation, text, source.format(), random);
      Path file = dir.resolve(source.id()).resolve(String.format("f%03d-%s", i, mutation));
      Files.write(file, bytes);
      expected.put(file.toUri().toString(), expect(bytes, source.format()));
      perMutation.merge(mutation.name(), 1, Integer::sum);
    }

    StagedCorpora staged =
        pipeline.apply(
            "StageCorpora",
            StageCorpora.of(specs).withSettings(StageSettings.defaults().withDedupSplits("none")));
    PAssert.that(staged.sentences()).satisfies(new CheckSentences(expected));
    PAssert.that(staged.deadLetters()).satisfies(new CheckDeadLetters(expected));
    pipeline.run().waitUntilFinish(); // a crash fails here

    long expectedKept = expected.values().stream().mapToLong(e -> e.kept().size()).sum();
    long expectedBad = expected.values().stream().mapToLong(Expected::badSentences).sum();
    long unreadable =
        expected.values().stream()
            .filter(e -> DeadLetterReason.UNREADABLE_FILE.name().equals(e.fileReason()))
            .count();
    System.out.println(
        "CorpusFuzzTest figures: seed "
            + SEED
            + ", sources "
            + sources.stream().map(Source::id).toList()
            + ", files "
            + FILES
            + " "
            + perMutation
            + ", sentences written "
            + sentencesWritten
            + ", intact (kept) "
            + expectedKept
            + ", damaged sentences "
            + expectedBad
            + ", unreadable files "
            + unreadable
            + ", crashes 0");
    assertTrue(expectedKept > 1000, "the test keeps real work: " + expectedKept);
    assertTrue(unreadable >= 4 * FILES / mutations.length, "gzip damage seen: " + unreadable);
  }

  /** Compares the kept sentences of every file with the independent reader's. */
  static final class CheckSentences
      implements org.apache.beam.sdk.transforms.SerializableFunction<Iterable<Sentence>, Void> {
    private static final long serialVersionUID = 1L;
    private final Map<String, Expected> expected;

    CheckSentences(Map<String, Expected> expected) {
      this.expected = new HashMap<>(expected);
    }

    @Override
    public Void apply(Iterable<Sentence> sentences) {
      Map<String, List<String>> actual = new TreeMap<>();
      long kept = 0;
      for (Sentence s : sentences) {
        kept++;
        for (String t : s.getTokens()) {
          assertTrue(!t.contains("\uFFFD") && !hasControl(t), "corrupted token kept: " + t);
        }
        actual
            .computeIfAbsent(s.getPosition().getSource(), k -> new ArrayList<>())
            .add(key(s.getTokens(), s.getTags()));
      }
      for (Map.Entry<String, Expected> e : expected.entrySet()) {
        List<String> got = actual.getOrDefault(e.getKey(), new ArrayList<>());
        Collections.sort(got);
        assertEquals(e.getValue().kept(), got, "kept sentences of " + e.getKey());
      }
      assertTrue(expected.keySet().containsAll(actual.keySet()), "sentences of unknown files");
      System.out.println("CorpusFuzzTest figures: sentences kept by the stage " + kept);
      return null;
    }
  }

  /** Checks that every file's damaged part is in the dead letters, each with a reason. */
  static final class CheckDeadLetters
      implements org.apache.beam.sdk.transforms.SerializableFunction<Iterable<DeadLetter>, Void> {
    private static final long serialVersionUID = 1L;
    private final Map<String, Expected> expected;

    CheckDeadLetters(Map<String, Expected> expected) {
      this.expected = new HashMap<>(expected);
    }

    @Override
    public Void apply(Iterable<DeadLetter> deadLetters) {
      Map<String, List<String>> reasons = new TreeMap<>();
      Map<String, Long> byReason = new TreeMap<>();
      for (DeadLetter d : deadLetters) {
        assertTrue(!d.getReason().isEmpty() && !d.getDetail().isEmpty(), d.toString());
        reasons.computeIfAbsent(d.getSource(), k -> new ArrayList<>()).add(d.getReason());
        byReason.merge(d.getReason(), 1L, Long::sum);
      }
      for (Map.Entry<String, Expected> e : expected.entrySet()) {
        List<String> got = reasons.getOrDefault(e.getKey(), List.of());
        Expected x = e.getValue();
        if (x.fileReason() != null) {
          assertEquals(List.of(x.fileReason()), got, "dead letters of " + e.getKey());
        } else {
          assertEquals(x.badSentences(), got.size(), "dead letters of " + e.getKey() + ": " + got);
          assertTrue(
              got.stream()
                  .noneMatch(
                      r ->
                          r.equals(DeadLetterReason.UNREADABLE_FILE.name())
                              || r.equals(DeadLetterReason.EMPTY_FILE.name())),
              e.getKey() + ": " + got);
        }
      }
      System.out.println(
          "CorpusFuzzTest figures: dead letters "
              + byReason.values().stream().mapToLong(Long::longValue).sum()
              + " by reason "
              + byReason);
      return null;
    }
  }
}

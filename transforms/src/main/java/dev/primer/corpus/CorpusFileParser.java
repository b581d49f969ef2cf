package dev.primer.corpus;

import dev.primer.io.DeadLetters;
import dev.primer.schemas.DeadLetter;
import dev.primer.schemas.Sentence;
import dev.primer.schemas.SourcePosition;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses one corpus file into {@link Sentence}s and {@link DeadLetter}s, with no Beam involved:
 * usable from a plain loop as well as from {@link ParseCorpusFileFn}.
 *
 * <p>The input is gzip when it starts with the gzip magic bytes (whatever its name), else plain
 * UTF-8 text. A file is read in two passes. The first reads it to its end (for gzip: every header,
 * the deflate data and every member's CRC-32/ISIZE trailer, {@link StrictGzipInputStream}) and
 * emits nothing; when it fails, the file contributes no sentence at all, only one {@code
 * UNREADABLE_FILE} dead letter whose position is the line and decompressed byte offset where
 * decoding failed (the compressed offset is in its detail). Only a file that read completely is
 * parsed in the second pass, streaming, so memory does not grow with the file. Invariant: no
 * sentence of a file that cannot be read completely and correctly reaches the sink.
 *
 * <p>In the second pass each sentence (the lines between empty lines) either passes every check and
 * becomes a {@code Sentence} (IOB-repaired and label-mapped), or becomes exactly one dead letter
 * whose position is its first offending line. Tags follow {@link IobTags#isValid(String,
 * LabelMap)}; tokens must not hold control characters. Bad input never throws; only a configuration
 * error does (a PAN-X file whose language is given by neither spec, name nor token prefix: {@link
 * IllegalArgumentException}), and a file that fails in the second pass after reading completely in
 * the first (it changed in between, or a transient I/O error): {@link UncheckedIOException}, which
 * fails the bundle so that the runner discards its output and retries it.
 *
 * <p>A sentence's position is its first token line (UNER comment lines before it are not part of
 * it); its ordinal counts every sentence of the file, rejected ones included. A dead letter's
 * position is its first offending line; {@code EMPTY_FILE} has line and offset -1.
 */
public final class CorpusFileParser {

  /** The stage name written into dead letters. */
  public static final String STAGE = "stage";

  private static final Pattern LANGUAGE_PREFIX = Pattern.compile("([a-z]{2,3}):.+");

  private final CorpusFile file;
  private final StageSettings settings;

  /** A parser for one file. */
  public CorpusFileParser(CorpusFile file, StageSettings settings) {
    this.file = file;
    this.settings = settings;
  }

  /** Opens the raw (possibly compressed) bytes of a file. */
  @FunctionalInterface
  public interface Opener {
    /** Opens the stream; a failure becomes an {@code UNREADABLE_FILE} dead letter. */
    InputStream open() throws IOException;
  }

  /**
   * Reads the whole stream (and closes it), sending sentences and dead letters to {@code sink} in
   * file order. The raw (compressed) bytes are held in memory for the two passes: for small inputs
   * and tests; files go through {@link #parse(Opener, ParseSink)}.
   */
  public void parse(InputStream raw, ParseSink sink) {
    byte[] bytes;
    try (InputStream in = raw) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      new Run(sink).unreadable(new Verification(1, 0, -1, e));
      return;
    }
    parse(() -> new ByteArrayInputStream(bytes), sink);
  }

  /**
   * Verifies then parses the file that {@code opener} opens (it is opened twice); failing to open
   * is a dead letter too.
   */
  public void parse(Opener opener, ParseSink sink) {
    Verification verification = verify(opener);
    Run run = new Run(sink);
    if (verification.failure() != null) {
      run.unreadable(verification);
    } else {
      run.read(opener);
    }
  }

  /**
   * The outcome of reading a file to its end.
   *
   * @param line the line being read when decoding failed (1-based)
   * @param offset decompressed bytes read before the failure
   * @param compressedOffset compressed byte offset of the failure, -1 for plain files
   * @param failure null when the whole file read correctly
   */
  record Verification(long line, long offset, long compressedOffset, IOException failure) {}

  /** Reads the file to its end (decompressing and checking gzip), counting lines and bytes. */
  static Verification verify(Opener opener) {
    long lines = 1;
    long bytes = 0;
    InputStream in = null;
    try {
      in = decompressing(opener.open());
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            lines++;
          }
        }
        bytes += n;
      }
      return new Verification(lines, bytes, -1, null);
    } catch (IOException e) {
      long compressed = in instanceof StrictGzipInputStream gz ? gz.compressedOffset() : -1;
      return new Verification(lines, bytes, compressed, e);
    } finally {
      if (in != null) {
        try {
          in.close();
        } catch (IOException ignored) {
          // the verdict is already taken
        }
      }
    }
  }

  /**
   * Wraps {@code raw} in a gzip decoder when it starts with the gzip magic bytes.
   *
   * @throws IOException when the gzip header cannot be read
   */
  public static InputStream decompressing(InputStream raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 64 * 1024);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      return new StrictGzipInputStream(in);
    }
    return in;
  }

  /**
   * The language named by the {@code xx:} prefix of the first token of a decompressed PAN-X stream,
   * or null when that token has none (the same token the parser decides on).
   */
  static String languagePrefix(CorpusFile file, InputStream decompressed) throws IOException {
    CorpusFormat format = file.format();
    LineReader reader = new LineReader(decompressed, StageSettings.DEFAULT_MAX_LINE_BYTES);
    while (reader.next()) {
      String text = reader.text();
      if (reader.tooLong() || reader.undecodable() || isWhitespace(text)) {
        continue;
      }
      String[] columns = format.columns(text);
      if (!format.acceptsColumns(columns.length)
          || CorpusFormat.DOCSTART.equals(columns[format.tokenColumn()])) {
        continue;
      }
      Matcher m = LANGUAGE_PREFIX.matcher(columns[format.tokenColumn()]);
      return m.matches() ? m.group(1) : null;
    }
    return null;
  }

  /** The state of one pass over one file. */
  private final class Run {
    private final ParseSink sink;
    private final CorpusFormat format = file.format();
    private String lang = file.lang();
    private String prefix;
    private boolean prefixDecided = !file.format().hasLanguagePrefix();
    private PendingSentence pending;
    private long ordinal;
    private long tokenLines;
    private long emitted;

    Run(ParseSink sink) {
      this.sink = sink;
    }

    void read(Opener opener) {
      LineReader reader = null;
      try (InputStream in = decompressing(opener.open())) {
        reader = new LineReader(in, settings.maxLineBytes());
        while (reader.next()) {
          line(reader);
        }
        finish();
        if (emitted == 0 && tokenLines == 0) {
          deadLetter(
              -1,
              -1,
              "",
              DeadLetterReason.EMPTY_FILE,
              "the file has "
                  + (reader.nextNumber() - 1)
                  + " lines and none of them is a token line");
        }
      } catch (IOException e) {
        long line = reader == null ? 1 : reader.nextNumber();
        throw new UncheckedIOException(
            file.source()
                + " read completely in the verification pass but failed at line "
                + line
                + " when parsed (changed meanwhile, or an I/O error): "
                + e.getMessage(),
            e);
      }
    }

    private void line(LineReader reader) {
      long number = reader.number();
      long offset = reader.offset();
      String text = reader.text();
      if (reader.tooLong()) {
        open(number, offset).addRaw(text);
        pending.problem(
            DeadLetterReason.LINE_TOO_LONG,
            number,
            offset,
            "line "
                + number
                + " has "
                + reader.lineBytes()
                + " bytes, more than the cap of "
                + settings.maxLineBytes());
        return;
      }
      if (reader.undecodable()) {
        open(number, offset).addRaw(text);
        pending.problem(
            DeadLetterReason.UNDECODABLE_BYTES,
            number,
            offset,
            "line " + number + " is not valid UTF-8 (bad bytes shown as U+FFFD)");
        return;
      }
      if (text.isEmpty()) {
        finish();
        return;
      }
      if (format.hasComments() && text.charAt(0) == '#') {
        finish();
        return;
      }
      if (isWhitespace(text)) {
        if (pending != null) {
          pending.addRaw(text);
          pending.problem(
              DeadLetterReason.WHITESPACE_LINE,
              number,
              offset,
              "line " + number + " holds only whitespace; only an empty line ends a sentence");
        }
        return;
      }
      String[] columns = format.columns(text);
      if (columns.length > format.tokenColumn()
          && CorpusFormat.DOCSTART.equals(columns[format.tokenColumn()])) {
        finish();
        return;
      }
      tokenLines++;
      open(number, offset).addRaw(text);
      if (!format.acceptsColumns(columns.length)) {
        pending.problem(
            DeadLetterReason.WRONG_COLUMN_COUNT,
            number,
            offset,
            "line "
                + number
                + ": expected "
                + format.expectedColumns()
                + ", found "
                + columns.length);
        return;
      }
      String token = columns[format.tokenColumn()];
      String tag = columns[format.tagColumn(columns.length)];
      if (!prefixDecided) {
        decidePrefix(token);
      }
      if (prefix != null && token.startsWith(prefix)) {
        token = token.substring(prefix.length());
      }
      if (token.isBlank()) {
        pending.problem(
            DeadLetterReason.EMPTY_TOKEN,
            number,
            offset,
            "line " + number + ": the token is empty");
        return;
      }
      int control = firstControl(token);
      if (control >= 0) {
        pending.problem(
            DeadLetterReason.CONTROL_CHARACTER,
            number,
            offset,
            "line "
                + number
                + ": the token holds control character U+"
                + String.format("%04X", (int) token.charAt(control)));
        return;
      }
      if (!IobTags.isValid(tag, settings.labelMap())) {
        pending.problem(
            DeadLetterReason.UNKNOWN_TAG,
            number,
            offset,
            "line "
                + number
                + ": tag '"
                + printable(tag)
                + "' is not O, B-TYPE or I-TYPE (TYPE: upper-case letters, digits and '_',"
                + " or a type the label map names)");
        return;
      }
      if (pending.tokens.size() >= settings.maxTokens()) {
        pending.problem(
            DeadLetterReason.TOO_MANY_TOKENS,
            number,
            offset,
            "line "
                + number
                + ": the sentence has more than "
                + settings.maxTokens()
                + " tokens (the sanity cap)");
        return;
      }
      if (!pending.hasProblem()) {
        pending.addToken(token, tag, number, offset);
      }
    }

    private void decidePrefix(String token) {
      prefixDecided = true;
      Matcher m = LANGUAGE_PREFIX.matcher(token);
      if (m.matches()) {
        prefix = m.group(1) + ":";
        if (lang == null) {
          lang = m.group(1);
        }
      }
      if (lang == null) {
        throw CorpusFile.languageUnknown(file);
      }
    }

    private PendingSentence open(long number, long offset) {
      if (pending == null) {
        pending = new PendingSentence(number, offset);
      }
      return pending;
    }

    private void finish() {
      PendingSentence s = pending;
      pending = null;
      if (s == null || s.lineCount() == 0) {
        return;
      }
      long index = ordinal++;
      if (s.hasProblem()) {
        deadLetter(s.errorLine(), s.errorOffset(), s.raw(), s.reason(), s.detail());
        return;
      }
      String[] tags = s.tags.toArray(new String[0]);
      List<String> repairs = new ArrayList<>(0);
      int invalid = IobTags.toIob2(tags, file.iob(), settings.iobPolicy(), repairs);
      int disallowed = firstDisallowed(tags);
      if (invalid >= 0 && (disallowed < 0 || invalid < disallowed)) {
        String type = IobTags.type(tags[invalid]);
        s.problemAtToken(
            DeadLetterReason.INVALID_IOB,
            invalid,
            "token "
                + invalid
                + " '"
                + s.tokens.get(invalid)
                + "': I-"
                + type
                + (invalid == 0 ? " starts the sentence" : " follows " + tags[invalid - 1])
                + "; IOB2 needs B-"
                + type);
      } else if (disallowed >= 0) {
        s.problemAtToken(
            DeadLetterReason.UNKNOWN_TAG,
            disallowed,
            "token "
                + disallowed
                + " '"
                + s.tokens.get(disallowed)
                + "': type "
                + settings.labelMap().map(IobTags.type(tags[disallowed]))
                + " is not among the allowed types "
                + settings.allowedTypes());
      }
      if (s.hasProblem()) {
        deadLetter(s.errorLine(), s.errorOffset(), s.raw(), s.reason(), s.detail());
        return;
      }
      applyLabelMap(tags, repairs);
      List<String> tagList = Arrays.asList(tags);
      emitted++;
      sink.sentence(
          Sentence.newBuilder()
              .setId(SentenceIds.of(lang, file.split(), s.tokens, tagList))
              .setLang(lang)
              .setCorpus(file.corpus())
              .setSplit(file.split())
              .setTokens(s.tokens)
              .setTags(tagList)
              .setPosition(
                  SourcePosition.newBuilder()
                      .setSource(file.source())
                      .setLine(s.startLine)
                      .setByteOffset(s.startOffset)
                      .setOrdinal(index)
                      .build())
              .setCopies(1)
              .setRepairs(repairs)
              .build());
    }

    private int firstDisallowed(String[] tags) {
      Set<String> allowed = settings.allowedTypes();
      if (allowed.isEmpty()) {
        return -1;
      }
      for (int i = 0; i < tags.length; i++) {
        String type = IobTags.type(tags[i]);
        if (type != null) {
          String mapped = settings.labelMap().map(type);
          if (mapped != null && !allowed.contains(mapped)) {
            return i;
          }
        }
      }
      return -1;
    }

    private void applyLabelMap(String[] tags, List<String> repairs) {
      LabelMap map = settings.labelMap();
      if (map.isIdentity()) {
        return;
      }
      Set<String> dropped = null;
      for (int i = 0; i < tags.length; i++) {
        String type = IobTags.type(tags[i]);
        if (type == null) {
          continue;
        }
        String mapped = map.map(type);
        if (mapped == null) {
          tags[i] = "O";
          if (dropped == null) {
            dropped = new LinkedHashSet<>();
          }
          dropped.add(type);
        } else if (!mapped.equals(type)) {
          tags[i] = tags[i].charAt(0) + "-" + mapped;
        }
      }
      if (dropped != null) {
        for (String type : dropped) {
          repairs.add("DROPPED_TYPE:" + type);
        }
      }
    }

    void unreadable(Verification v) {
      String detail =
          "the file cannot be read to its end, so none of its sentences is kept: decoding failed"
              + " at line "
              + v.line()
              + ", byte "
              + v.offset()
              + " of the decompressed stream"
              + (v.compressedOffset() >= 0 ? " (compressed byte " + v.compressedOffset() + ")" : "")
              + ": "
              + v.failure();
      deadLetter(v.line(), v.offset(), "", DeadLetterReason.UNREADABLE_FILE, detail);
    }

    private void deadLetter(
        long line, long offset, String raw, DeadLetterReason reason, String detail) {
      emitted++;
      sink.deadLetter(
          DeadLetters.of(STAGE, file.source(), line, offset, raw, reason.name(), detail, lang),
          file.split());
    }
  }

  /** Index of the first ISO control character (tab excluded: it separates columns), or -1. */
  static int firstControl(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) && c != '\t') {
        return i;
      }
    }
    return -1;
  }

  /** The text with control characters shown as {@code \\uXXXX}, for dead-letter details. */
  static String printable(String text) {
    if (firstControl(text) < 0) {
      return text;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        sb.append(String.format("\\u%04X", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static boolean isWhitespace(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != ' ' && c != '\t') {
        return false;
      }
    }
    return true;
  }
}

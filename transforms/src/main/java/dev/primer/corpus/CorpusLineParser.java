package dev.primer.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line and column checks of {@link CorpusFileParser}'s second pass over one file: classifies
 * each line (sentence end, comment, {@code -DOCSTART-}, token line), splits a token line into its
 * columns, decides a PAN-X file's language prefix from its first token, and checks the line
 * (length, UTF-8, column count, empty token, control characters, {@link IobTags#isValid(String,
 * LabelMap) tag grammar}, token cap). Lines gather in a {@link PendingSentence}, whose first
 * problem decides its dead letter; each finished sentence goes to the {@link SentenceAssembler}.
 */
final class CorpusLineParser {

  private static final Pattern LANGUAGE_PREFIX = Pattern.compile("([a-z]{2,3}):.+");

  private final CorpusFile file;
  private final StageSettings settings;
  private final SentenceAssembler assembler;
  private final CorpusFormat format;
  private String lang;
  private String prefix;
  private boolean prefixDecided;
  private PendingSentence pending;
  private long tokenLines;

  CorpusLineParser(CorpusFile file, StageSettings settings, SentenceAssembler assembler) {
    this.file = file;
    this.settings = settings;
    this.assembler = assembler;
    this.format = file.format();
    this.lang = file.lang();
    this.prefixDecided = !file.format().hasLanguagePrefix();
  }

  /** The file's language: given, or decided by the first token's prefix (null before that). */
  String lang() {
    return lang;
  }

  /** Token lines read so far (good or bad). */
  long tokenLines() {
    return tokenLines;
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

  /** Reads the line {@code reader} is at; may finish the sentence being read. */
  void line(LineReader reader) {
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
          DeadLetterReason.EMPTY_TOKEN, number, offset, "line " + number + ": the token is empty");
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

  /** Ends the sentence being read, if any, and hands it to the assembler. */
  void finish() {
    PendingSentence s = pending;
    pending = null;
    assembler.finish(s, lang);
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

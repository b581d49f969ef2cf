package dev.primer.corpus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The line syntax of the five NER corpus formats. Sentences are separated by empty lines in every
 * format; a token line whose token column is {@code -DOCSTART-} is skipped and ends the sentence
 * before it. How the language and split follow from a file's path is in {@link FileNameRules}.
 */
public enum CorpusFormat {
  /**
   * PAN-X / WikiAnn as in XTREME: {@code token<TAB>tag}. Tokens may carry a language prefix ({@code
   * en:Paris}): when the first token of a file has one, it is stripped from every token of the file
   * that has it, and it names the language when neither the spec nor the file name does.
   */
  PANX("panx", '\t', 2, 2, 0, "token, tag", false, true),
  /**
   * CoNLL-2002: {@code token tag}, {@code token POS tag} (or {@code token POS chunk tag}, as in the
   * original CoNLL-2003 files), separated by spaces; the tag is the last column.
   */
  CONLL2002("conll2002", ' ', 2, 4, 0, "token [POS [chunk]] tag", false, false),
  /** CoNLL-2003 as shipped in {@code ../shared}: {@code index<TAB>token<TAB>tag}. */
  CONLL2003("conll2003", '\t', 3, 3, 1, "index, token, tag", false, false),
  /** MasakhaNER: {@code token tag}, separated by a space. */
  MASAKHANER("masakhaner", ' ', 2, 2, 0, "token tag", false, false),
  /**
   * Universal NER (IOB2 files): {@code # } comment lines before each sentence, then {@code
   * idx<TAB>token<TAB>tag<TAB>...}; the tag is the third column. A comment line after token lines
   * also ends the sentence.
   */
  UNER("uner", '\t', 3, Integer.MAX_VALUE, 1, "index, token, tag, ...", true, false);

  /** The token that marks a document boundary in CoNLL files. */
  public static final String DOCSTART = "-DOCSTART-";

  private final String id;
  private final char separator;
  private final int minColumns;
  private final int maxColumns;
  private final int tokenColumn;
  private final String columnNames;
  private final boolean comments;
  private final boolean languagePrefix;

  CorpusFormat(
      String id,
      char separator,
      int minColumns,
      int maxColumns,
      int tokenColumn,
      String columnNames,
      boolean comments,
      boolean languagePrefix) {
    this.id = id;
    this.separator = separator;
    this.minColumns = minColumns;
    this.maxColumns = maxColumns;
    this.tokenColumn = tokenColumn;
    this.columnNames = columnNames;
    this.comments = comments;
    this.languagePrefix = languagePrefix;
  }

  /** The name used in corpus specs, e.g. {@code panx}. */
  public String id() {
    return id;
  }

  /** Parses a format name as written in a corpus spec (any case). */
  public static CorpusFormat parse(String name) {
    for (CorpusFormat format : values()) {
      if (format.id.equalsIgnoreCase(name.trim())) {
        return format;
      }
    }
    throw new IllegalArgumentException(
        "unknown corpus format '" + name + "': use one of " + knownIds());
  }

  /** The known format names, comma separated. */
  public static String knownIds() {
    return Arrays.stream(values()).map(CorpusFormat::id).collect(Collectors.joining(", "));
  }

  /** Whether lines starting with {@code #} are comments. */
  public boolean hasComments() {
    return comments;
  }

  /** Whether tokens may carry an {@code xx:} language prefix. */
  public boolean hasLanguagePrefix() {
    return languagePrefix;
  }

  /** Index of the token column. */
  public int tokenColumn() {
    return tokenColumn;
  }

  /** Index of the tag column in a line with {@code columns} columns. */
  public int tagColumn(int columns) {
    return this == CONLL2003 || this == UNER ? 2 : columns - 1;
  }

  /** Whether a line may have this many columns. */
  public boolean acceptsColumns(int columns) {
    return columns >= minColumns && columns <= maxColumns;
  }

  /** Describes the expected columns, for dead-letter details. */
  public String expectedColumns() {
    String sep = separator == '\t' ? "tab" : "space";
    String count =
        minColumns == maxColumns
            ? String.valueOf(minColumns)
            : maxColumns == Integer.MAX_VALUE
                ? "at least " + minColumns
                : minColumns + " to " + maxColumns;
    return count + " " + sep + "-separated columns (" + columnNames + ")";
  }

  /**
   * Splits a non-empty line into columns. Tab formats split on every tab (so empty columns are
   * kept); space formats split on runs of spaces and tabs, ignore trailing whitespace, and report
   * leading whitespace as an empty first column (an empty token).
   */
  public String[] columns(String line) {
    return separator == '\t' ? splitOnTabs(line) : splitOnSpaces(line);
  }

  private static String[] splitOnTabs(String line) {
    List<String> parts = new ArrayList<>(4);
    int start = 0;
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == '\t') {
        parts.add(line.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(line.substring(start));
    return parts.toArray(new String[0]);
  }

  private static String[] splitOnSpaces(String line) {
    List<String> parts = new ArrayList<>(4);
    int n = line.length();
    int i = 0;
    if (n > 0 && isSpace(line.charAt(0))) {
      parts.add("");
    }
    while (i < n) {
      while (i < n && isSpace(line.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !isSpace(line.charAt(i))) {
        i++;
      }
      if (i > start) {
        parts.add(line.substring(start, i));
      }
    }
    return parts.toArray(new String[0]);
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t';
  }

  @Override
  public String toString() {
    return id.toLowerCase(Locale.ROOT);
  }
}

package dev.primer.corpus;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One corpus input of the {@code stage} stage, parsed from {@code FORMAT[;key=value]*:PATTERN}:
 *
 * <pre>
 *   panx:../shared/data/ner/panx/train-*.tsv.gz
 *   conll2002;lang=es;split=train:/data/esp.train.gz
 *   masakhaner;name=masakhaner2:gs://bucket/masakhaner2/{@literal *}/train.txt.gz
 *   conll2002;iob=iob1;lang=en:/data/eng.train
 *   panx;split=dev:/data/panx/dev-{sw,yo}.tsv
 * </pre>
 *
 * The spec is split at its first {@code :}, so patterns may hold {@code :} ({@code gs://}). Keys
 * are separated by {@code ;} (or {@code ,}, the older form): {@code lang} (language code), {@code
 * split} ({@code train|dev|test}), {@code name} (written into {@code Sentence.corpus}, default the
 * format name), {@code iob} ({@code iob1|iob2|auto}, default {@code iob2}, see {@link IobScheme}).
 * Language and split that are not given come from each file's path ({@link FileNameRules}). Invalid
 * specs throw {@link IllegalArgumentException} with a message meant for the user.
 *
 * <p>On the command line Beam splits the value of a list option at every comma, with no escape
 * ({@code --corpus=panx,lang=sw:F} arrives as {@code [panx, lang=sw:F]}, and a glob {@code {a,b}}
 * is cut in two). {@link #joinCommaSplit} undoes that split before {@link #parseAll}.
 */
public final class CorpusSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  private final CorpusFormat format;
  private final String pattern;
  private final String lang;
  private final String split;
  private final String name;
  private final IobScheme iob;

  private CorpusSpec(
      CorpusFormat format, String pattern, String lang, String split, String name, IobScheme iob) {
    this.format = format;
    this.pattern = pattern;
    this.lang = lang;
    this.split = split;
    this.name = name;
    this.iob = iob;
  }

  /** A spec with the given format and pattern and no settings. */
  public static CorpusSpec of(CorpusFormat format, String pattern) {
    if (pattern == null || pattern.isBlank()) {
      throw new IllegalArgumentException(
          "corpus spec for " + format + " has an empty file pattern");
    }
    return new CorpusSpec(format, pattern, null, null, format.id(), IobScheme.IOB2);
  }

  /** Parses a spec string; see the class documentation for the syntax. */
  public static CorpusSpec parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("empty corpus spec: expected FORMAT[;key=value]*:PATTERN");
    }
    int colon = spec.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "corpus spec '"
              + spec
              + "' has no ':' before its file pattern:"
              + " expected FORMAT[;key=value]*:PATTERN, e.g. panx:data/panx/train-*.tsv.gz or"
              + " 'panx;lang=sw;split=train:data/sw.tsv'");
    }
    String head = spec.substring(0, colon);
    String pattern = spec.substring(colon + 1).trim();
    if (pattern.isEmpty()) {
      throw new IllegalArgumentException("corpus spec '" + spec + "' has an empty file pattern");
    }
    String[] parts = head.split("[;,]", -1);
    CorpusFormat format;
    try {
      format = CorpusFormat.parse(parts[0]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("corpus spec '" + spec + "': " + e.getMessage(), e);
    }
    Map<String, String> settings = new LinkedHashMap<>();
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i].trim();
      int eq = part.indexOf('=');
      if (eq <= 0 || eq == part.length() - 1) {
        throw new IllegalArgumentException(
            "corpus spec '" + spec + "': setting '" + part + "' is not key=value");
      }
      String key = part.substring(0, eq).trim();
      String value = part.substring(eq + 1).trim();
      if (settings.put(key, value) != null) {
        throw new IllegalArgumentException("corpus spec '" + spec + "': '" + key + "' set twice");
      }
    }
    CorpusSpec result = of(format, pattern);
    for (Map.Entry<String, String> e : settings.entrySet()) {
      try {
        result = result.with(e.getKey(), e.getValue());
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException("corpus spec '" + spec + "': " + ex.getMessage(), ex);
      }
    }
    return result;
  }

  /**
   * Undoes Beam's splitting of a list option at commas: a piece starts a new spec only when it
   * begins with a format name followed by {@code :}, {@code ;}, {@code ,} or nothing (a format name
   * whose {@code ,key=value} settings were cut off); every other piece is glued back to the piece
   * before it with the comma Beam removed. So {@code [panx, lang=sw:F]} becomes {@code
   * panx,lang=sw:F} and {@code [panx:d/{a, b}.tsv]} becomes {@code panx:d/{a,b}.tsv}, while {@code
   * [panx:a.tsv, conll2002:b.txt]} stays two specs. A glob alternative that is exactly a format
   * name ({@code {x,panx,y}}) cannot be told from a new spec; such a spec fails to parse with a
   * message rather than being misread silently.
   */
  public static List<String> joinCommaSplit(List<String> pieces) {
    List<String> specs = new ArrayList<>();
    for (String piece : pieces) {
      if (specs.isEmpty() || startsSpec(piece)) {
        specs.add(piece);
      } else {
        specs.set(specs.size() - 1, specs.get(specs.size() - 1) + "," + piece);
      }
    }
    return specs;
  }

  private static boolean startsSpec(String piece) {
    String trimmed = piece.trim();
    for (CorpusFormat format : CorpusFormat.values()) {
      String id = format.id();
      if (trimmed.regionMatches(true, 0, id, 0, id.length())) {
        if (trimmed.length() == id.length()) {
          return true;
        }
        char next = trimmed.charAt(id.length());
        if (next == ':' || next == ';' || next == ',') {
          return true;
        }
      }
    }
    return false;
  }

  /** Parses several specs; every invalid one is reported in one exception. */
  public static List<CorpusSpec> parseAll(List<String> specs) {
    List<CorpusSpec> parsed = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (String s : specs) {
      try {
        parsed.add(parse(s));
      } catch (IllegalArgumentException e) {
        errors.add(e.getMessage());
      }
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", errors));
    }
    if (parsed.isEmpty()) {
      throw new IllegalArgumentException("no corpus spec given");
    }
    return parsed;
  }

  /** Returns a copy with one setting ({@code lang}, {@code split}, {@code name}, {@code iob}). */
  public CorpusSpec with(String key, String value) {
    switch (key) {
      case "lang":
        if (!CorpusNames.isLanguage(value)) {
          throw new IllegalArgumentException(
              "lang='" + value + "' is not a language code (2 or 3 lower-case letters, e.g. en)");
        }
        return new CorpusSpec(format, pattern, value, split, name, iob);
      case "split":
        if (!CorpusNames.isSplit(value)) {
          throw new IllegalArgumentException("split='" + value + "' must be train, dev or test");
        }
        return new CorpusSpec(format, pattern, lang, value, name, iob);
      case "name":
        if (!CorpusNames.isCorpusName(value)) {
          throw new IllegalArgumentException(
              "name='" + value + "' may hold only letters, digits, '_', '.' and '-'");
        }
        return new CorpusSpec(format, pattern, lang, split, value, iob);
      case "iob":
        return new CorpusSpec(format, pattern, lang, split, name, IobScheme.parse(value));
      default:
        throw new IllegalArgumentException(
            "unknown setting '" + key + "': use lang, split, name or iob");
    }
  }

  /** The format of the matched files. */
  public CorpusFormat format() {
    return format;
  }

  /** The file pattern (any Beam FileSystems scheme). */
  public String pattern() {
    return pattern;
  }

  /** The language given by the spec, or null when it comes from each file. */
  public String lang() {
    return lang;
  }

  /** The split given by the spec, or null when it comes from each file. */
  public String split() {
    return split;
  }

  /** The corpus name written into {@code Sentence.corpus}. */
  public String name() {
    return name;
  }

  /** The tagging scheme of the files. */
  public IobScheme iob() {
    return iob;
  }

  /** The spec in its string syntax; {@code parse(toString())} gives an equal spec. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(format.id());
    if (lang != null) {
      sb.append(";lang=").append(lang);
    }
    if (split != null) {
      sb.append(";split=").append(split);
    }
    if (!name.equals(format.id())) {
      sb.append(";name=").append(name);
    }
    if (iob != IobScheme.IOB2) {
      sb.append(";iob=").append(iob.specName());
    }
    return sb.append(':').append(pattern).toString();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CorpusSpec)) {
      return false;
    }
    CorpusSpec other = (CorpusSpec) o;
    return format == other.format
        && pattern.equals(other.pattern)
        && Objects.equals(lang, other.lang)
        && Objects.equals(split, other.split)
        && name.equals(other.name)
        && iob == other.iob;
  }

  @Override
  public int hashCode() {
    return Objects.hash(format, pattern, lang, split, name, iob);
  }
}

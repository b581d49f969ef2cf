package dev.primer.corpus;

import java.io.Serializable;
import java.util.Optional;

/**
 * One input file with everything the parser needs to know about it: its source URI, format, split,
 * corpus name, tagging scheme and (unless it is to come from PAN-X token prefixes) its language.
 */
public final class CorpusFile implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final CorpusFormat format;
  private final String lang;
  private final String split;
  private final String corpus;
  private final IobScheme iob;

  private CorpusFile(
      String source, CorpusFormat format, String lang, String split, String corpus, IobScheme iob) {
    this.source = source;
    this.format = format;
    this.lang = lang;
    this.split = split;
    this.corpus = corpus;
    this.iob = iob;
  }

  /**
   * Resolves a file matched by {@code spec}: settings of the spec win, else the path decides
   * ({@link FileNameRules}).
   *
   * @throws IllegalArgumentException when the split, or the language of a non-PAN-X file, can be
   *     neither read from the spec nor derived from the path; the message names the file and the
   *     setting to add
   */
  public static CorpusFile resolve(CorpusSpec spec, String source) {
    CorpusFormat format = spec.format();
    String split = spec.split();
    if (split == null) {
      split =
          FileNameRules.split(format, source)
              .orElseThrow(() -> underivable(spec, source, "split", "split=train|dev|test"));
    }
    String lang = spec.lang();
    if (lang == null) {
      Optional<String> derived = FileNameRules.language(format, source);
      if (derived.isEmpty() && !format.hasLanguagePrefix()) {
        throw underivable(spec, source, "language", "lang=CODE");
      }
      lang = derived.orElse(null);
    }
    return new CorpusFile(source, format, lang, split, spec.name(), spec.iob());
  }

  /** A file described directly, e.g. for a plain single-threaded loop. */
  public static CorpusFile of(
      String source, CorpusFormat format, String lang, String split, String corpus) {
    if (lang == null ? !format.hasLanguagePrefix() : !CorpusNames.isLanguage(lang)) {
      throw new IllegalArgumentException("'" + lang + "' is not a language code for " + source);
    }
    if (!CorpusNames.isSplit(split)) {
      throw new IllegalArgumentException("split '" + split + "' must be train, dev or test");
    }
    if (!CorpusNames.isCorpusName(corpus)) {
      throw new IllegalArgumentException("'" + corpus + "' is not a corpus name");
    }
    return new CorpusFile(source, format, lang, split, corpus, IobScheme.IOB2);
  }

  /** A copy with another tagging scheme. */
  public CorpusFile withIob(IobScheme scheme) {
    return new CorpusFile(source, format, lang, split, corpus, scheme);
  }

  /** The error for a file whose language cannot be found (PAN-X files without token prefix). */
  static IllegalArgumentException languageUnknown(CorpusFile file) {
    return new IllegalArgumentException(
        "cannot tell the language of "
            + file.source
            + ": its name does not follow "
            + FileNameRules.expectedNames(file.format)
            + " and its tokens have no 'xx:' prefix; add lang=CODE to its corpus spec");
  }

  private static IllegalArgumentException underivable(
      CorpusSpec spec, String source, String what, String setting) {
    return new IllegalArgumentException(
        "cannot tell the "
            + what
            + " of "
            + source
            + " from its path ("
            + spec.format()
            + " expects "
            + FileNameRules.expectedNames(spec.format())
            + "); add "
            + setting
            + " to the corpus spec '"
            + spec
            + "'");
  }

  /** URI of the file as Beam FileSystems resolved it. */
  public String source() {
    return source;
  }

  /** Format of the file. */
  public CorpusFormat format() {
    return format;
  }

  /** Language, or null when it is to come from the tokens' {@code xx:} prefix (PAN-X only). */
  public String lang() {
    return lang;
  }

  /** Split: train, dev or test. */
  public String split() {
    return split;
  }

  /** Corpus name for {@code Sentence.corpus}. */
  public String corpus() {
    return corpus;
  }

  /** Tagging scheme of the file. */
  public IobScheme iob() {
    return iob;
  }

  @Override
  public String toString() {
    return source + " (" + format + ", lang=" + lang + ", split=" + split + ")";
  }
}

package dev.primer.corpus;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives the language and split of a corpus file from its path, per format, for specs that do not
 * set {@code lang=} or {@code split=}:
 *
 * <ul>
 *   <li>{@code panx}: {@code SPLIT-LANG.EXT}, e.g. {@code train-en.tsv.gz}; else the language comes
 *       from the tokens' {@code xx:} prefix.
 *   <li>{@code conll2002}: {@code esp|ned|eng|deu} . {@code train|testa|testb}, e.g. {@code
 *       esp.testa.gz} (es, nl, en, de; testa is dev, testb is test).
 *   <li>{@code conll2003}, {@code masakhaner}: language = parent directory, split = file name up to
 *       its first dot, e.g. {@code en/val.conllu.gz}, {@code hau/train.txt.gz} (val is dev).
 *   <li>{@code uner}: {@code LANG_NAME-ud-SPLIT.EXT}, e.g. {@code da_ddt-ud-dev.iob2.gz}.
 * </ul>
 *
 * Split words: train; dev, val, valid, validation, testa (dev); test, testb (test). A derived
 * language must be a valid code ({@link CorpusNames#isLanguage}).
 */
public final class FileNameRules {

  private static final Pattern PANX = Pattern.compile("([A-Za-z]+)-([^.]+)(\\..*)?");
  private static final Pattern CONLL2002 = Pattern.compile("([a-z]+)\\.([a-z]+)(\\..*)?");
  private static final Pattern SPLIT_THEN_EXT = Pattern.compile("([A-Za-z]+)(\\..*)?");
  private static final Pattern UNER = Pattern.compile("([a-z]{2,3})_.*-([A-Za-z]+)(\\..*)?");
  private static final Map<String, String> CONLL_LANGS =
      Map.of("esp", "es", "ned", "nl", "eng", "en", "deu", "de");

  private FileNameRules() {}

  /** The language the path implies for the format, if any. */
  public static Optional<String> language(CorpusFormat format, String path) {
    String file = fileName(path);
    String lang;
    switch (format) {
      case PANX:
        String word = group(PANX, file, 1);
        lang =
            word != null && CorpusNames.splitFromFileWord(word).isPresent()
                ? group(PANX, file, 2)
                : null;
        break;
      case CONLL2002:
        lang = CONLL_LANGS.get(String.valueOf(group(CONLL2002, file, 1)));
        break;
      case CONLL2003:
      case MASAKHANER:
        lang = parentName(path);
        break;
      case UNER:
        lang = group(UNER, file, 1);
        break;
      default:
        throw new IllegalStateException("unhandled format " + format);
    }
    return CorpusNames.isLanguage(lang) ? Optional.of(lang) : Optional.empty();
  }

  /** The split the path implies for the format, if any. */
  public static Optional<String> split(CorpusFormat format, String path) {
    String file = fileName(path);
    String word;
    switch (format) {
      case PANX:
        word = group(PANX, file, 1);
        break;
      case CONLL2002:
        word =
            CONLL_LANGS.containsKey(String.valueOf(group(CONLL2002, file, 1)))
                ? group(CONLL2002, file, 2)
                : null;
        break;
      case CONLL2003:
      case MASAKHANER:
        word = group(SPLIT_THEN_EXT, file, 1);
        break;
      case UNER:
        word = group(UNER, file, 2);
        break;
      default:
        throw new IllegalStateException("unhandled format " + format);
    }
    return word == null ? Optional.empty() : CorpusNames.splitFromFileWord(word);
  }

  /** What file names the format's rules understand, for error messages. */
  public static String expectedNames(CorpusFormat format) {
    switch (format) {
      case PANX:
        return "SPLIT-LANG.tsv[.gz], e.g. train-en.tsv.gz";
      case CONLL2002:
        return "{esp,ned,eng,deu}.{train,testa,testb}[.gz]";
      case CONLL2003:
        return "LANG/{train,val,dev,test}.conllu[.gz]";
      case MASAKHANER:
        return "LANG/{train,dev,test}.txt[.gz]";
      case UNER:
        return "LANG_NAME-ud-{train,dev,test}.iob2[.gz]";
      default:
        throw new IllegalStateException("unhandled format " + format);
    }
  }

  /** The last segment of a path or URI. */
  static String fileName(String path) {
    String trimmed = stripTrailingSlash(path);
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }

  private static String parentName(String path) {
    String trimmed = stripTrailingSlash(path);
    int slash = trimmed.lastIndexOf('/');
    if (slash <= 0) {
      return null;
    }
    String parent = trimmed.substring(0, slash);
    return parent.substring(parent.lastIndexOf('/') + 1);
  }

  private static String stripTrailingSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static String group(Pattern pattern, String text, int group) {
    Matcher m = pattern.matcher(text);
    return m.matches() ? m.group(group) : null;
  }
}

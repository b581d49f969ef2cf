package dev.primer.io;

import dev.primer.UserError;
import java.util.regex.Pattern;

/**
 * The one rule for a path segment that comes from data or options (a language code, a split, a
 * corpus, setting or variant name, a part of a task id): 1 to {@value #MAX_LENGTH} ASCII letters,
 * digits, {@code .}, {@code _} or {@code -}, starting with a letter or digit. Such a segment holds
 * no {@code /} or {@code \}, is never {@code .} or {@code ..}, never absolute, never empty and
 * never a URI, so a path built as {@code <stage directory>/<segment>/...} stays inside the stage
 * directory. The narrower rules for language codes ({@code corpus.CorpusNames}, {@code
 * predict.PredictInput}) and the writers that build partition paths call this one underneath.
 */
public final class PathSegments {

  /** The longest segment accepted. */
  public static final int MAX_LENGTH = 100;

  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private PathSegments() {}

  /** Whether {@code segment} may be used as one path segment below a stage directory. */
  public static boolean isSafe(String segment) {
    return segment != null
        && !segment.isEmpty()
        && segment.length() <= MAX_LENGTH
        && SAFE.matcher(segment).matches();
  }

  /** Why {@code segment} is refused, for messages and dead letters. */
  public static String rule() {
    return "a path segment must be 1-"
        + MAX_LENGTH
        + " letters, digits, '.', '_' or '-', starting with a letter or digit (no '/', no '..')";
  }

  /**
   * Returns {@code segment}, or throws a {@link UserError} naming {@code what} (e.g. {@code
   * "--settings"}) when it is not a safe segment.
   */
  public static String check(String what, String segment) {
    if (!isSafe(segment)) {
      throw new UserError(what + ": '" + shown(segment) + "' cannot name a directory: " + rule());
    }
    return segment;
  }

  /**
   * Returns a relative path of several segments ({@code fr/primed/lora/seed=1} style ids may hold
   * {@code =} after the first character of a segment as primer writes them), or throws a {@link
   * UserError} when a segment is unsafe.
   */
  public static String checkRelative(String what, String relativePath) {
    if (relativePath == null || relativePath.isEmpty()) {
      throw new UserError(what + ": empty path");
    }
    for (String part : relativePath.split("/", -1)) {
      if (!isSafe(part.replace('=', '-'))) {
        throw new UserError(
            what + ": '" + shown(relativePath) + "' cannot name a directory: " + rule());
      }
    }
    return relativePath;
  }

  private static String shown(String value) {
    if (value == null) {
      return "null";
    }
    return value.length() > 60 ? value.substring(0, 60) + "..." : value;
  }
}

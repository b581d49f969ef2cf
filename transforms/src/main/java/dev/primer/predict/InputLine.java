package dev.primer.predict;

import java.io.Serializable;

/**
 * One line to tag.
 *
 * @param source file it came from
 * @param line 1-based line number
 * @param lang its language
 * @param text its text (already decoded)
 */
public record InputLine(String source, long line, String lang, String text)
    implements Serializable {

  /** A stable id: source and line number. */
  public String id() {
    return source + ":" + line;
  }
}

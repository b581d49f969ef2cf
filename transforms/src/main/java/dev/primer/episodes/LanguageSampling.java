package dev.primer.episodes;

/** How the language of each episode is drawn. */
public enum LanguageSampling {
  /** Every language equally likely, whatever its size. */
  UNIFORM,
  /**
   * A language with {@code n} sentences has probability proportional to {@code n^(1/T)}: T = 1 is
   * proportional to size, larger T flattens towards uniform, T below 1 favours large languages.
   */
  SIZE
}

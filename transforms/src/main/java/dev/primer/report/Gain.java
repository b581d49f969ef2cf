package dev.primer.report;

import java.util.List;

/**
 * The paired difference setting − baseline of final F1, for one split, language (or {@link #ALL}
 * languages pooled) and method.
 *
 * @param split data split
 * @param lang target language, or {@link #ALL}
 * @param setting the setting compared (a priming variant)
 * @param method fine-tuning method
 * @param baseline the setting it is compared with (unprimed)
 * @param pairs what each difference pairs: {@code seed=s}, or {@code lang/seed=s} when pooled
 * @param differences setting F1 − baseline F1 for each pair, in pair order
 * @param difference mean, sample std and confidence interval of the differences
 */
public record Gain(
    String split,
    String lang,
    String setting,
    String method,
    String baseline,
    List<String> pairs,
    List<Double> differences,
    PairedDifference difference) {

  /** The language of a gain pooled over every target language. */
  public static final String ALL = "all";

  public Gain {
    pairs = List.copyOf(pairs);
    differences = List.copyOf(differences);
  }
}

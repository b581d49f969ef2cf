package dev.primer.report;

import java.util.List;

/**
 * Final F1 of one (split, language, setting, method) over seeds.
 *
 * @param split data split (dev, test)
 * @param lang target language
 * @param setting full, unprimed, or a priming variant
 * @param method fine-tuning method
 * @param seeds the seeds, ascending
 * @param values the F1 of each seed, in seed order (fractions, as the metrics hold them)
 * @param stats mean and sample standard deviation over seeds
 */
public record F1Summary(
    String split,
    String lang,
    String setting,
    String method,
    List<Long> seeds,
    List<Double> values,
    SampleStats stats) {

  public F1Summary {
    seeds = List.copyOf(seeds);
    values = List.copyOf(values);
  }

  /** The F1 of {@code seed}, or null. */
  public Double value(long seed) {
    int i = seeds.indexOf(seed);
    return i < 0 ? null : values.get(i);
  }
}

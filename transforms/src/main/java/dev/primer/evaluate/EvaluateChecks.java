package dev.primer.evaluate;

import dev.primer.OptionChecks;
import dev.primer.UserError;
import dev.primer.io.PathSegments;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The evaluate stage's option rules, checked by its plan before {@link EvaluateSettings} and the
 * {@link EvaluationTask}s are built: the splits, the batch and sample sizes, the {@code --corpora}
 * specs and the seeds that filter the models. Each failure is a {@link UserError} naming the flag.
 */
public final class EvaluateChecks {

  private EvaluateChecks() {}

  /** {@code --evalSplits}: safe path segments, at least one. */
  public static List<String> splits(List<String> splits) {
    splits.forEach(split -> PathSegments.check("--evalSplits", split));
    if (splits.isEmpty()) {
      throw new UserError("--evalSplits names no split (e.g. --evalSplits=dev,test)");
    }
    return splits;
  }

  /** {@code --evalBatchSize > 0}, {@code --errorSamples >= 0}. */
  public static void sizes(Integer evalBatchSize, Integer errorSamples) {
    OptionChecks.positive("--evalBatchSize", evalBatchSize);
    OptionChecks.nonNegative("--errorSamples", errorSamples);
  }

  /**
   * A {@code --corpora} item, {@code NAME=PATH}: NAME a safe path segment, not {@value
   * EvaluationTask#RUN_CORPUS}, not yet taken.
   *
   * @param spec the item
   * @param taken the corpus names so far
   * @return NAME and PATH
   */
  public static Map.Entry<String, String> corpus(String spec, Collection<String> taken) {
    int eq = spec.indexOf('=');
    if (eq <= 0 || eq == spec.length() - 1) {
      throw new UserError(
          "--corpora: '" + spec + "' is not NAME=PATH (PATH: an encode stage directory)");
    }
    String name = spec.substring(0, eq);
    PathSegments.check("--corpora", name);
    if (name.equals(EvaluationTask.RUN_CORPUS)) {
      throw new UserError("--corpora: '" + name + "' cannot name a corpus");
    }
    if (taken.contains(name)) {
      throw new UserError("--corpora: corpus name '" + name + "' is given twice");
    }
    return Map.entry(name, spec.substring(eq + 1));
  }

  /** {@code --evalSeeds}: integers. */
  public static Set<Long> seeds(List<String> seeds) {
    Set<Long> out = new TreeSet<>();
    for (String s : seeds) {
      try {
        out.add(Long.parseLong(s));
      } catch (NumberFormatException e) {
        throw new UserError("--evalSeeds: '" + s + "' is not a seed (a comma list of integers)", e);
      }
    }
    return out;
  }
}

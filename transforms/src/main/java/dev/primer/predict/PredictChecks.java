package dev.primer.predict;

import dev.primer.OptionChecks;
import dev.primer.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The predict stage's option rules, checked by its plan before {@link PredictSettings} is built:
 * the inputs, the {@code --adapters} items, the fallback adapter and the batch of lines. Each
 * failure is a {@link UserError} naming the flag.
 */
public final class PredictChecks {

  private PredictChecks() {}

  /** {@code --predictInput}: at least one input, each a valid spec. */
  public static List<PredictInput> inputs(List<String> specs) {
    List<PredictInput> inputs = new ArrayList<>();
    for (String spec : specs) {
      inputs.add(OptionChecks.parse("--predictInput", spec, PredictInput::parse));
    }
    if (inputs.isEmpty()) {
      throw new UserError(
          "--predictInput names no input (e.g. --predictInput=lang=sw:texts/sw-*.txt)");
    }
    return inputs;
  }

  /**
   * An {@code --adapters} item, {@code lang=DIR}.
   *
   * @return the language and the directory as given
   */
  public static Map.Entry<String, String> adapter(String spec) {
    int eq = spec.indexOf('=');
    if (eq <= 0 || eq == spec.length() - 1) {
      throw new UserError("--adapters: '" + spec + "' is not lang=DIR");
    }
    return Map.entry(spec.substring(0, eq), spec.substring(eq + 1));
  }

  /**
   * {@code --fallbackAdapter} names one of the adapters (or none, when blank) and {@code
   * --linesPerBatch > 0}.
   *
   * @return the fallback language, null when none
   */
  public static String fallback(
      String fallbackAdapter, Set<String> languages, Integer linesPerBatch) {
    String fallback = fallbackAdapter.isBlank() ? null : fallbackAdapter;
    if (fallback != null && !languages.contains(fallback)) {
      throw new UserError(
          "--fallbackAdapter=" + fallback + " has no adapter; adapters: " + languages);
    }
    OptionChecks.positive("--linesPerBatch", linesPerBatch);
    return fallback;
  }
}

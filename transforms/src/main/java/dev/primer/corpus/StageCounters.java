package dev.primer.corpus;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * Beam counters of the {@code stage} stage, in namespace {@value #NAMESPACE}. primer's Beam metric
 * names have one style: namespace {@code primer.<stage>} (the stage's run directory: {@code
 * primer.vocab}, {@code primer.prime}, ...), name in lower_snake_case, followed here by {@code /}
 * and the values it is counted per (language, split, type, reason, corpus). Names:
 *
 * <ul>
 *   <li>{@code files/CORPUS}: files read; {@code parsed/L/S}: sentences before deduplication
 *   <li>{@code sentences/L/S}, {@code tokens/L/S}, {@code duplicates/L/S}, {@code repaired/L/S},
 *       {@code entities/L/S/TYPE}: after deduplication
 *   <li>{@code dead_letters/REASON} and {@code dead_letters/L/S}
 * </ul>
 *
 * Counters are attempted metrics: a runner that retries bundles may count some twice; the {@link
 * CorpusStats} output is exact.
 */
final class StageCounters {
  /** The counter namespace. */
  static final String NAMESPACE = "primer.stage";

  private final Map<String, Counter> counters = new HashMap<>();

  /** Adds {@code n} to the counter {@code name}. */
  void add(String name, long n) {
    if (n != 0) {
      counters.computeIfAbsent(name, k -> Metrics.counter(NAMESPACE, k)).inc(n);
    }
  }

  static String of(String what, String lang, String split) {
    return what + "/" + (lang == null ? CorpusStats.UNKNOWN_LANGUAGE : lang) + "/" + split;
  }
}

package dev.primer.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The order in which the report shows splits, settings, methods and lines: full fine-tuning first,
 * then the baseline, then {@code primed}, then other settings alphabetically; methods and splits in
 * their listed order, others alphabetically after them.
 *
 * @param baseline the baseline setting (second after {@code full})
 */
record ReportOrder(String baseline) {

  /** Methods in the order tables show them (others follow alphabetically). */
  static final List<String> METHOD_ORDER =
      List.of("full", "adapter-houlsby", "adapter-pfeiffer", "lora", "prefix", "bitfit");

  /** Splits in the order tables show them (others follow alphabetically). */
  static final List<String> SPLIT_ORDER = List.of("dev", "test");

  int settingRank(String setting) {
    if (setting.equals(ReportBuilder.FULL)) {
      return 0;
    }
    if (setting.equals(baseline)) {
      return 1;
    }
    if (setting.equals("primed")) {
      return 2;
    }
    return 3;
  }

  /** Orders lines by the setting their name starts with, as columns are ordered. */
  int lineRank(String name) {
    int slash = name.indexOf(" / ");
    return settingRank(slash < 0 ? name : name.substring(0, slash));
  }

  static int rank(String value, List<String> order) {
    int i = order.indexOf(value);
    return i < 0 ? order.size() : i;
  }

  /** The distinct values, those of {@code order} first in its order, the others alphabetically. */
  static List<String> ordered(List<String> values, List<String> order) {
    Set<String> distinct = new LinkedHashSet<>(values);
    List<String> out = new ArrayList<>(distinct);
    out.sort(Comparator.comparing((String v) -> rank(v, order)).thenComparing(Function.identity()));
    return out;
  }
}

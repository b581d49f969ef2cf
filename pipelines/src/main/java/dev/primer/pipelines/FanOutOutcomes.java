package dev.primer.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks on the outcomes of a fan-out stage ({@code finetune}, {@code evaluate}): exactly one
 * outcome per planned task, and no failed task unless the user allowed failures.
 */
final class FanOutOutcomes {

  private FanOutOutcomes() {}

  /**
   * Returns the planned ids, sorted, after checking that {@code outcomes} (a JSON object keyed by
   * task id) holds exactly one outcome for each of them and nothing else.
   *
   * @param noun what a task is, plural, for the message (e.g. "fine-tuning tasks")
   */
  static Set<String> requireOnePerTask(List<String> plannedIds, JsonNode outcomes, String noun) {
    Set<String> planned = new TreeSet<>(plannedIds);
    Set<String> reported = new TreeSet<>();
    outcomes.fieldNames().forEachRemaining(reported::add);
    if (planned.size() != plannedIds.size()) {
      throw new IllegalStateException(
          "the plan holds "
              + plannedIds.size()
              + " "
              + noun
              + " but only "
              + planned.size()
              + " distinct ids");
    }
    if (!planned.equals(reported)) {
      throw new IllegalStateException(
          "the fan-out reported outcomes for "
              + reported.size()
              + " "
              + noun
              + " but "
              + plannedIds.size()
              + " were planned; missing "
              + difference(planned, reported)
              + ", unexpected "
              + difference(reported, planned));
    }
    return planned;
  }

  /**
   * Fails the stage when tasks failed and {@code allowFlag} was not set: one message with the
   * count, the first three failures, where the details are, and the flag that lets it complete.
   */
  static void failUnlessAllowed(
      List<String> failed,
      int planned,
      String noun,
      boolean allowed,
      String detailsPath,
      String allowFlag) {
    if (failed.isEmpty() || allowed) {
      return;
    }
    throw new IllegalStateException(
        failed.size()
            + " of "
            + planned
            + " "
            + noun
            + " failed: "
            + String.join("; ", failed.subList(0, Math.min(3, failed.size())))
            + (failed.size() > 3 ? "; and " + (failed.size() - 3) + " more" : "")
            + ". Details in "
            + detailsPath
            + "; "
            + allowFlag
            + "=true completes the stage without them.");
  }

  private static String difference(Set<String> a, Set<String> b) {
    Set<String> d = new TreeSet<>(a);
    d.removeAll(b);
    return d.isEmpty() ? "none" : String.join(", ", d);
  }
}

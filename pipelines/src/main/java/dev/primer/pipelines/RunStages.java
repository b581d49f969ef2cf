package dev.primer.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import dev.primer.UserError;
import dev.primer.io.CommittedStage;
import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import dev.primer.io.RunLayout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * What {@code status} and {@code verify} look at in a run: its stage directories (those of the
 * launcher's stages in workflow order, then any other directory holding a manifest or an attempt),
 * their committed manifests, whether a recorded upstream still matches, and the run's lease.
 */
final class RunStages {

  private RunStages() {}

  /**
   * The stage names of a run in workflow order: every registered stage, then other directories of
   * the run holding a manifest or an attempt (in name order). UserError when the run holds no
   * manifest, no attempt and no lease: no such run.
   */
  static List<String> stages(RunLayout layout, StageRegistry registry) throws IOException {
    String prefix = layout.runDirectory().toString();
    Set<String> found = new TreeSet<>();
    for (String glob :
        List.of(
            prefix + "*/" + RunLayout.MANIFEST,
            prefix + "*/" + RunLayout.ATTEMPT_PREFIX + "*/**")) {
      for (MatchResult.Metadata m : ResourceIO.list(glob)) {
        String relative = m.resourceId().toString().substring(prefix.length());
        found.add(relative.substring(0, relative.indexOf('/')));
      }
    }
    if (found.isEmpty() && !ResourceIO.exists(layout.lease())) {
      throw new UserError(
          "no run '"
              + layout.runId()
              + "' under "
              + layout.runRoot()
              + ": "
              + layout.runDirectory()
              + " holds no stage manifest, attempt or lease (check --runRoot and --runId)");
    }
    Set<String> ordered = new LinkedHashSet<>();
    registry.all().forEach(s -> ordered.add(s.name()));
    ordered.addAll(found);
    return List.copyOf(ordered);
  }

  /**
   * Why a committed stage is stale: one reason per recorded upstream whose current committed
   * manifest (in the same run) is missing or has another cache key; empty when none.
   */
  static List<String> staleness(RunLayout layout, Manifest manifest) throws IOException {
    List<String> reasons = new ArrayList<>();
    for (Map.Entry<String, Manifest.Upstream> upstream : manifest.upstream.entrySet()) {
      String name = upstream.getKey();
      Optional<CommittedStage> current = CommittedStage.read(layout, name);
      if (current.isEmpty()) {
        reasons.add("upstream " + name + " has no committed output");
      } else if (!String.valueOf(current.get().manifest().cacheKey)
          .equals(String.valueOf(upstream.getValue().cacheKey))) {
        reasons.add(
            "upstream "
                + name
                + " changed (key "
                + shortKey(upstream.getValue().cacheKey)
                + " -> "
                + shortKey(current.get().manifest().cacheKey)
                + ")");
      }
    }
    return reasons;
  }

  /**
   * The lease that holds the run ({@code <run>/_LEASE.json}) or the stage ({@code
   * <run>/<stage>/_LEASE.json}), as one line with its holder, host, pid and heartbeat; empty when
   * there is none. An unreadable lease file is reported as such.
   */
  static Optional<String> lease(ResourceId leaseFile) throws IOException {
    if (!ResourceIO.exists(leaseFile)) {
      return Optional.empty();
    }
    JsonNode lease;
    try {
      lease = Manifest.mapper().readTree(ResourceIO.readBytes(leaseFile));
    } catch (IOException e) {
      return Optional.of("lease " + leaseFile + " is unreadable: " + InputChecks.firstLine(e));
    }
    StringBuilder line = new StringBuilder();
    for (String field : List.of("holder", "host", "pid", "heartbeat")) {
      JsonNode value = lease == null ? null : lease.get(field);
      line.append(line.length() == 0 ? "" : ", ")
          .append(field)
          .append(' ')
          .append(value == null || value.isNull() ? "?" : value.asText());
    }
    return Optional.of(line.toString());
  }

  static String shortKey(String key) {
    return key == null ? "none" : key.substring(0, Math.min(12, key.length()));
  }
}

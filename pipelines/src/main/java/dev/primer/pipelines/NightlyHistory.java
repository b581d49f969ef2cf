package dev.primer.pipelines;

import dev.primer.Json;
import dev.primer.io.CommittedStage;
import dev.primer.io.ResourceIO;
import dev.primer.io.RunLayout;
import dev.primer.io.StageArtifacts;
import dev.primer.report.SummaryJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * The nightly history of a run root: one JSON object per nightly, {@code
 * <runRoot>/nightly/history/<runId>.json}, written once by the nightly that owns the run (so two
 * nightlies never write the same object, on any store), and an index {@code
 * <runRoot>/nightly/history.jsonl} (one record a line, oldest first) rebuilt from those objects
 * after each write. The index is derived: readers that must be exact ({@link #records}) list the
 * objects.
 */
final class NightlyHistory {

  /** One nightly: what ran, how long each stage took, its F1 table and gains, the verdict. */
  record Entry(
      String runId,
      String protocol,
      String date,
      String started,
      String commit,
      String verdict,
      String baseline,
      String firstDriftingStage,
      Map<String, Double> wallSeconds,
      List<F1> f1,
      List<Gain> gains) {}

  /** An F1 cell: mean and std over the seeds. */
  record F1(
      String split, String lang, String setting, String method, int n, Double mean, Double std) {}

  /** A paired gain over the baseline setting with its confidence interval. */
  record Gain(
      String split,
      String lang,
      String setting,
      String method,
      String baseline,
      int n,
      Double mean,
      Double ciLow,
      Double ciHigh) {}

  private final ResourceId directory;

  NightlyHistory(String runRoot) {
    this.directory = ResourceIO.childDirectory(ResourceIO.directory(runRoot), "nightly");
  }

  /** {@code <runRoot>/nightly/history.jsonl}. */
  ResourceId index() {
    return ResourceIO.child(directory, "history.jsonl");
  }

  /** Every recorded nightly, oldest first (by start time). */
  List<Entry> records() throws IOException {
    List<Entry> entries = new ArrayList<>();
    for (MatchResult.Metadata m : ResourceIO.list(directory + "history/*.json")) {
      entries.add(Json.mapper().readValue(ResourceIO.readBytes(m.resourceId()), Entry.class));
    }
    entries.sort(Comparator.comparing(Entry::started).thenComparing(Entry::runId));
    return entries;
  }

  /** The latest nightly of {@code protocol} that completed (reproduced, drift or first). */
  Optional<Entry> latest(String protocol) throws IOException {
    Entry latest = null;
    for (Entry e : records()) {
      if (e.protocol().equals(protocol) && !"failed".equals(e.verdict())) {
        latest = e;
      }
    }
    return Optional.ofNullable(latest);
  }

  /** Writes {@code entry}'s object, then rebuilds the index; returns the object's location. */
  String append(Entry entry) throws IOException {
    ResourceId object =
        ResourceIO.child(ResourceIO.childDirectory(directory, "history"), entry.runId() + ".json");
    ResourceIO.publish(object, Json.mapper().writeValueAsString(entry));
    StringBuilder lines = new StringBuilder();
    for (Entry e : records()) {
      lines.append(Json.compact().writeValueAsString(e)).append('\n');
    }
    ResourceIO.publish(index(), lines.toString());
    return object.toString();
  }

  /**
   * The entry of a finished run: stage wall times from its manifests, the F1 table and gains from
   * its report's {@code summary.json} (empty when the protocol has no report).
   */
  static Entry entry(
      RunLayout layout,
      NightlyProtocol protocol,
      String started,
      String verdict,
      String baseline,
      String firstDriftingStage)
      throws IOException {
    Map<String, Double> wall = new LinkedHashMap<>();
    for (String stage : protocol.stages()) {
      Optional<CommittedStage> c = CommittedStage.read(layout, stage);
      c.ifPresent(s -> wall.put(stage, s.manifest().durationSeconds));
    }
    List<F1> f1 = new ArrayList<>();
    List<Gain> gains = new ArrayList<>();
    Optional<CommittedStage> report = CommittedStage.read(layout, StageArtifacts.REPORT);
    if (report.isPresent() && protocol.stages().contains(StageArtifacts.REPORT)) {
      SummaryJson.Summary summary = DriftGate.summary(report.get());
      summary
          .f1()
          .forEach(
              e ->
                  f1.add(
                      new F1(
                          e.split(), e.lang(), e.setting(), e.method(), e.n(), e.mean(), e.std())));
      summary
          .gains()
          .forEach(
              g ->
                  gains.add(
                      new Gain(
                          g.split(),
                          g.lang(),
                          g.setting(),
                          g.method(),
                          g.baseline(),
                          g.n(),
                          g.mean(),
                          g.ciLow(),
                          g.ciHigh())));
    }
    return new Entry(
        layout.runId(),
        protocol.name(),
        started.substring(0, 10),
        started,
        dev.primer.io.CodeVersion.current(),
        verdict,
        baseline,
        firstDriftingStage,
        wall,
        f1,
        gains);
  }
}

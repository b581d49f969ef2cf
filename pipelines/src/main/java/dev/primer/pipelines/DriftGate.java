package dev.primer.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.primer.Json;
import dev.primer.io.CommittedStage;
import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import dev.primer.io.RunLayout;
import dev.primer.io.StageArtifacts;
import dev.primer.io.StageAttempts;
import dev.primer.report.SummaryJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The nightly drift gate: compares a run with a baseline run stage by stage, first what went in
 * (the cache key's parts: code commit, seed, options, input digests; {@link RerunReasons} names the
 * changes), then what came out. Both runs' committed files must still match their manifests (a
 * damaged file is drift, named). In deterministic mode every checkpoint ({@code *.safetensors}, by
 * sha256 from the manifests), every manifest count and every number of the report's {@code
 * summary.json} (F1 per seed, evaluation, gains) must be identical; otherwise counts must be equal
 * and each F1 mean within {@code max(f1Stds * baseline std, f1Floor)} of the baseline's.
 *
 * <p>Paths inside a run (its copied-in inputs, options naming them) differ between two runs by the
 * run directory only; they are compared with the run directory replaced by {@code <run>/}. Upstream
 * cache keys are not compared (they change with those paths): a change upstream shows at the stage
 * where it happened.
 */
final class DriftGate {

  /** One thing that differs. {@code kind}: integrity, missing, checkpoint, count, metric. */
  record Difference(String kind, String name, String baseline, String current) {}

  /** What differs at one stage: the key parts that changed and the outputs that differ. */
  record StageDrift(String stage, List<String> keyChanges, List<Difference> differences) {}

  /**
   * The verdict ({@code nightly/drift.json}).
   *
   * @param verdict {@code reproduced}, {@code drift}, or {@code first} (no baseline to compare)
   * @param firstDriftingStage the first stage, in protocol order, whose outputs differ
   * @param likelyCause the key changes at or before that stage, or what else explains it
   */
  record Drift(
      String runId,
      String baseline,
      String protocol,
      boolean deterministic,
      String verdict,
      String firstDriftingStage,
      String likelyCause,
      int checkpointsCompared,
      int metricsCompared,
      List<StageDrift> stages) {

    boolean reproduced() {
      return !"drift".equals(verdict);
    }

    /** The line a nightly prints last. */
    String line() {
      if ("first".equals(verdict)) {
        return "reproduced: nothing to compare, run "
            + runId
            + " is the first nightly of protocol '"
            + protocol
            + "' here and the baseline of the next";
      }
      if (reproduced()) {
        return "reproduced: run "
            + runId
            + " equals baseline "
            + baseline
            + " ("
            + stages.size()
            + " stages, "
            + checkpointsCompared
            + " checkpoints, "
            + metricsCompared
            + " metrics"
            + (deterministic ? ", deterministic" : ", within tolerance")
            + ")";
      }
      StageDrift first =
          stages.stream().filter(s -> s.stage().equals(firstDriftingStage)).findFirst().get();
      Difference example = first.differences().get(0);
      return "drift: first at stage "
          + firstDriftingStage
          + " ("
          + first.differences().size()
          + " differences, e.g. "
          + example.kind()
          + " "
          + example.name()
          + "); likely cause: "
          + likelyCause
          + "; baseline "
          + baseline;
    }
  }

  private DriftGate() {}

  /** The verdict of a first nightly, with no baseline. */
  static Drift first(String runId, String protocol) {
    return new Drift(runId, null, protocol, false, "first", null, null, 0, 0, List.of());
  }

  /** Compares run {@code current} with run {@code baseline} over {@code protocol}'s stages. */
  static Drift compare(RunLayout baseline, RunLayout current, NightlyProtocol protocol)
      throws IOException {
    Map<String, CommittedStage[]> pairs = new LinkedHashMap<>();
    boolean deterministic = true;
    for (String stage : protocol.stages()) {
      CommittedStage b = CommittedStage.read(baseline, stage).orElse(null);
      CommittedStage c = CommittedStage.read(current, stage).orElse(null);
      pairs.put(stage, new CommittedStage[] {b, c});
      for (CommittedStage s : new CommittedStage[] {b, c}) {
        JsonNode flag = s == null ? null : s.manifest().options.get("deterministic");
        if (flag != null && !flag.asBoolean()) {
          deterministic = false;
        }
      }
    }
    List<StageDrift> stages = new ArrayList<>();
    int[] compared = new int[2];
    String first = null;
    List<String> causes = new ArrayList<>();
    String cause = null;
    for (Map.Entry<String, CommittedStage[]> e : pairs.entrySet()) {
      String stage = e.getKey();
      CommittedStage b = e.getValue()[0];
      CommittedStage c = e.getValue()[1];
      List<String> keys = new ArrayList<>();
      List<Difference> diffs = new ArrayList<>();
      if (b == null || c == null) {
        diffs.add(
            new Difference(
                "missing",
                stage + "/",
                b == null ? "not committed" : "committed",
                c == null ? "not committed" : "committed"));
      } else {
        integrity("baseline", b, diffs);
        integrity("current", c, diffs);
        keys.addAll(keyChanges(b, baseline, c, current));
        compared[0] += checkpoints(b.manifest(), c.manifest(), deterministic, diffs);
        compared[1] +=
            counts(
                runRelative(b.manifest().counts, baseline),
                runRelative(c.manifest().counts, current),
                diffs);
        if (stage.equals(StageArtifacts.REPORT)) {
          compared[1] += summaries(b, c, deterministic, protocol, diffs);
        }
      }
      stages.add(new StageDrift(stage, List.copyOf(keys), List.copyOf(diffs)));
      keys.forEach(k -> causes.add(k + " at " + stage));
      if (first == null && !diffs.isEmpty()) {
        first = stage;
        cause = likelyCause(diffs, causes, b, c);
      }
    }
    return new Drift(
        current.runId(),
        baseline.runId(),
        protocol.name(),
        deterministic,
        first == null ? "reproduced" : "drift",
        first,
        cause,
        compared[0],
        compared[1],
        List.copyOf(stages));
  }

  private static String likelyCause(
      List<Difference> diffs, List<String> keyChanges, CommittedStage b, CommittedStage c) {
    if (diffs.stream().anyMatch(d -> d.kind().equals("integrity"))) {
      return "a committed file no longer matches its manifest (damaged after its commit; ./primer"
          + " verify names it)";
    }
    if (!keyChanges.isEmpty()) {
      return String.join("; ", keyChanges);
    }
    if (b != null && c != null && !Objects.equals(b.manifest().versions, c.manifest().versions)) {
      return "library or runner versions: "
          + b.manifest().versions
          + " -> "
          + c.manifest().versions;
    }
    return "nothing recorded changed (code, seed, options, inputs, versions are equal):"
        + " nondeterminism or the machine";
  }

  private static void integrity(String which, CommittedStage s, List<Difference> diffs)
      throws IOException {
    for (StageAttempts.BadFile bad : StageAttempts.verify(s)) {
      diffs.add(
          new Difference(
              "integrity",
              which + " " + s.outputDirectory() + bad.path(),
              "as listed in its manifest",
              bad.reason()));
    }
  }

  private static List<String> keyChanges(
      CommittedStage b, RunLayout baseline, CommittedStage c, RunLayout current) {
    ObjectNode before = runRelative(b.manifest().cacheKeyParts, baseline);
    ObjectNode after = runRelative(c.manifest().cacheKeyParts, current);
    if (before == null || after == null) {
      return before == after ? List.of() : RerunReasons.between(before, after);
    }
    before.remove("upstream");
    after.remove("upstream");
    return before.equals(after) ? List.of() : RerunReasons.between(before, after);
  }

  /**
   * {@code node} with what names the run rather than its content made the same for every run: the
   * run directory replaced by {@code <run>/}, attempt directory names by {@code attempt-*}, the run
   * id by {@code <runId>}.
   */
  static ObjectNode runRelative(ObjectNode node, RunLayout layout) {
    if (node == null) {
      return null;
    }
    String text =
        ATTEMPT
            .matcher(node.toString().replace(layout.runDirectory().toString(), "<run>/"))
            .replaceAll("attempt-*")
            .replace("\"" + layout.runId() + "\"", "\"<runId>\"");
    ObjectNode relative;
    try {
      relative = (ObjectNode) Json.mapper().readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException("JSON does not parse back: " + text, e);
    }
    removeIdentities(relative);
    return relative;
  }

  /**
   * Digests of the run's own provenance rather than of content, removed before comparing: a
   * checkpoint.json records its run id and paths ({@code checkpointJsonSha256}), prime's resume
   * {@code fingerprint} hashes upstream cache keys (which hold paths). The content they stand for
   * is compared where it is produced (weights by sha256, key parts run-relative). Likewise the
   * digest of an input inside the run: that file is an upstream output, compared at its stage.
   */
  private static void removeIdentities(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove(List.of("fingerprint", "checkpointJsonSha256"));
      object.forEach(DriftGate::removeIdentities);
      JsonNode inputs = object.get("inputs");
      if (inputs instanceof com.fasterxml.jackson.databind.node.ArrayNode array) {
        for (int i = 0; i < array.size(); i++) {
          String input = array.get(i).asText();
          if (input.startsWith("<run>/") && input.contains("@")) {
            array.set(i, input.substring(0, input.lastIndexOf('@')));
          }
        }
      }
    } else if (node != null && node.isArray()) {
      node.forEach(DriftGate::removeIdentities);
    }
  }

  private static final java.util.regex.Pattern ATTEMPT =
      java.util.regex.Pattern.compile(RunLayout.ATTEMPT_PREFIX + "[0-9]{8}T[0-9]{6}-[0-9a-f]+");

  /** Compares the {@code *.safetensors} files by digest; returns how many were compared. */
  private static int checkpoints(
      Manifest b, Manifest c, boolean deterministic, List<Difference> diffs) {
    Map<String, String> before = checkpointDigests(b);
    Map<String, String> after = checkpointDigests(c);
    if (!deterministic) {
      return 0;
    }
    TreeMap<String, String> union = new TreeMap<>(before);
    after.forEach(union::putIfAbsent);
    for (String path : union.keySet()) {
      String x = before.get(path);
      String y = after.get(path);
      if (!Objects.equals(x, y)) {
        diffs.add(
            new Difference("checkpoint", path, x == null ? "absent" : x, y == null ? "absent" : y));
      }
    }
    return union.size();
  }

  private static Map<String, String> checkpointDigests(Manifest m) {
    Map<String, String> digests = new TreeMap<>();
    if (m.files != null) {
      for (Manifest.OutputFile f : m.files) {
        if (f.path.endsWith(".safetensors")) {
          digests.put(f.path, f.sha256 != null ? f.sha256 : "crc32c:" + f.crc32c);
        }
      }
    }
    return digests;
  }

  private static int counts(ObjectNode b, ObjectNode c, List<Difference> diffs) {
    TreeMap<String, JsonNode> union = new TreeMap<>();
    b.fields().forEachRemaining(f -> union.put(f.getKey(), f.getValue()));
    c.fields().forEachRemaining(f -> union.putIfAbsent(f.getKey(), f.getValue()));
    for (String name : union.keySet()) {
      JsonNode x = b.get(name);
      JsonNode y = c.get(name);
      if (!Objects.equals(x, y)) {
        diffs.add(new Difference("count", name, String.valueOf(x), String.valueOf(y)));
      }
    }
    return union.size();
  }

  /** Compares two reports' F1 tables and gains; returns how many numbers were compared. */
  private static int summaries(
      CommittedStage b,
      CommittedStage c,
      boolean deterministic,
      NightlyProtocol protocol,
      List<Difference> diffs)
      throws IOException {
    SummaryJson.Summary before = summary(b);
    SummaryJson.Summary after = summary(c);
    int compared = 0;
    compared += f1(before.f1(), after.f1(), "f1", deterministic, protocol, diffs);
    compared +=
        f1(before.evaluation(), after.evaluation(), "evaluation", deterministic, protocol, diffs);
    Map<String, SummaryJson.GainEntry> gains = new TreeMap<>();
    before.gains().forEach(g -> gains.put(cell(g.split(), g.lang(), g.setting(), g.method()), g));
    for (SummaryJson.GainEntry g : after.gains()) {
      String name = "gain " + cell(g.split(), g.lang(), g.setting(), g.method());
      SummaryJson.GainEntry old = gains.remove(cell(g.split(), g.lang(), g.setting(), g.method()));
      compared++;
      if (old == null) {
        diffs.add(new Difference("metric", name, "absent", String.valueOf(g.mean())));
      } else if (deterministic && !Objects.equals(old.differences(), g.differences())) {
        diffs.add(
            new Difference(
                "metric",
                name,
                String.valueOf(old.differences()),
                String.valueOf(g.differences())));
      }
    }
    gains.forEach(
        (k, g) ->
            diffs.add(new Difference("metric", "gain " + k, String.valueOf(g.mean()), "absent")));
    return compared + gains.size();
  }

  private static int f1(
      List<SummaryJson.F1Entry> before,
      List<SummaryJson.F1Entry> after,
      String table,
      boolean deterministic,
      NightlyProtocol protocol,
      List<Difference> diffs) {
    Map<String, SummaryJson.F1Entry> old = new TreeMap<>();
    before.forEach(e -> old.put(cell(e.split(), e.lang(), e.setting(), e.method()), e));
    int compared = 0;
    for (SummaryJson.F1Entry e : after) {
      String key = cell(e.split(), e.lang(), e.setting(), e.method());
      String name = table + " " + key;
      SummaryJson.F1Entry o = old.remove(key);
      compared++;
      if (o == null) {
        diffs.add(new Difference("metric", name, "absent", String.valueOf(e.values())));
      } else if (deterministic) {
        if (!Objects.equals(o.values(), e.values())) {
          diffs.add(
              new Difference(
                  "metric", name, String.valueOf(o.values()), String.valueOf(e.values())));
        }
      } else if (o.mean() != null && e.mean() != null) {
        double allowed =
            Math.max(protocol.f1Stds() * (o.std() == null ? 0 : o.std()), protocol.f1Floor());
        double delta = e.mean() - o.mean();
        if (Math.abs(delta) > allowed) {
          diffs.add(
              new Difference(
                  "metric",
                  name + String.format(" (|dF1| %.4f > %.4f)", Math.abs(delta), allowed),
                  String.valueOf(o.mean()),
                  String.valueOf(e.mean())));
        }
      }
    }
    old.forEach(
        (k, o) ->
            diffs.add(
                new Difference("metric", table + " " + k, String.valueOf(o.values()), "absent")));
    return compared + old.size();
  }

  private static String cell(String split, String lang, String setting, String method) {
    return split + "/" + lang + "/" + setting + "/" + method;
  }

  static SummaryJson.Summary summary(CommittedStage report) throws IOException {
    return Json.mapper()
        .readValue(
            ResourceIO.readBytes(report.file(StageArtifacts.REPORT_SUMMARY)),
            SummaryJson.Summary.class);
  }

  /** Writes {@code drift} as {@code <run>/nightly/drift.json}; returns where. */
  static String write(RunLayout layout, Drift drift) throws IOException {
    var file =
        ResourceIO.child(ResourceIO.childDirectory(layout.runDirectory(), "nightly"), "drift.json");
    ResourceIO.publish(file, Json.mapper().writeValueAsString(drift));
    return file.toString();
  }
}

package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code ./primer demo} (every stage, the tiny preset) run through the launcher on any runner with
 * shorter training than the demo's defaults, and the checks both runner tests make on its outputs.
 */
final class DemoPipeline {

  static final List<String> STAGE_DIRS =
      List.of(
          "stage",
          "vocab",
          "encode",
          "episodes",
          "pretrain",
          "prime",
          "finetune",
          "evaluate",
          "report",
          "predict");

  static final List<String> TARGETS = List.of("fr", "sw");

  static final List<String> SETTINGS = List.of("full", "unprimed", "primed", "multitask");

  private static final ObjectMapper JSON = new ObjectMapper();

  final String out;
  final String err;
  final int status;
  final Path run;

  private DemoPipeline(Path run, int status, String out, String err) {
    this.run = run;
    this.status = status;
    this.out = out;
    this.err = err;
  }

  /** Shorter training than the demo's defaults; every stage and setting still runs. */
  static final List<String> SHORT =
      List.of(
          "--pretrainSteps=40",
          "--episodes=24",
          "--episodesPerFile=8",
          "--metaSteps=6",
          "--checkpointEvery=3",
          "--maxSteps=12",
          "--evalEvery=6");

  /**
   * The launcher arguments of the demo on {@code runRoot} (a path or URI) with shorter training
   * than the demo's defaults (every stage and setting still runs) and the given extra flags.
   */
  static List<String> args(String runRoot, String runId, String... extra) {
    List<String> args = new ArrayList<>();
    args.add("demo");
    args.add("--runRoot=" + runRoot);
    args.add("--runId=" + runId);
    args.addAll(SHORT);
    args.addAll(List.of(extra));
    return args;
  }

  /** Runs the demo below {@code temp} with the given extra (runner) flags. */
  static DemoPipeline run(Path temp, String runId, String... extra) {
    return run(temp.resolve("runs").toString(), temp.resolve("runs").resolve(runId), runId, extra);
  }

  /**
   * Runs the demo on any run root ({@code gs://bucket/dir}, ...) with the given extra flags; {@link
   * #run} is null, so only {@link #status}, {@link #out} and {@link #err} are there to check.
   */
  static DemoPipeline run(String runRoot, String runId, String... extra) {
    return run(runRoot, null, runId, extra);
  }

  private static DemoPipeline run(String runRoot, Path run, String runId, String... extra) {
    List<String> args = args(runRoot, runId, extra);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        new Primer(
                StageRegistry.standard(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .execute(args.toArray(String[]::new));
    return new DemoPipeline(
        run, status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The checks of a completed demo run; returns the mean F1 by "lang/setting". */
  Map<String, Double> assertComplete() throws Exception {
    assertEquals(0, status, err);
    for (String stage : STAGE_DIRS) {
      assertTrue(Files.exists(run.resolve(stage).resolve("_MANIFEST.json")), stage + "\n" + err);
    }
    for (String variant : List.of("primed", "multitask")) {
      assertTrue(
          Files.exists(
              RunFiles.committed(run, "prime/" + variant + "/checkpoint/checkpoint.json")));
    }
    Path report = RunFiles.committed(run, "report/report.html");
    assertTrue(out.contains("report: " + report), out);
    String html = Files.readString(report);
    assertTrue(html.contains("<svg"), "report.html has its plots inline");

    JsonNode summary = JSON.readTree(RunFiles.committed(run, "report/summary.json").toFile());
    Map<String, Double> meanF1 = new HashMap<>();
    for (JsonNode row : summary.get("f1")) {
      if (row.get("split").asText().equals("dev")) {
        assertEquals(2, row.get("n").asInt(), row.toString());
        meanF1.put(
            row.get("lang").asText() + "/" + row.get("setting").asText(),
            row.get("mean").asDouble());
      }
    }
    for (String lang : TARGETS) {
      for (String setting : SETTINGS) {
        assertTrue(meanF1.containsKey(lang + "/" + setting), lang + "/" + setting + " " + meanF1);
      }
    }
    int primedGains = 0;
    for (JsonNode gain : summary.get("gains")) {
      if (gain.get("setting").asText().equals("primed")
          && gain.get("split").asText().equals("dev")) {
        assertEquals("unprimed", gain.get("baseline").asText());
        boolean pooled = gain.get("lang").asText().equals("all");
        // Paired over 2 seeds per language; the pooled gain over both languages' pairs.
        assertEquals(pooled ? 2 * TARGETS.size() : 2, gain.get("n").asInt(), gain.toString());
        primedGains++;
      }
    }
    assertEquals(TARGETS.size() + 1, primedGains, summary.toString());
    assertTrue(summary.get("evaluation").size() > 0, "evaluate results reach the report");

    // predict: fr and sw with their adapters, en and qu with the fallback (fr), two dead letters.
    for (String lang : List.of("fr", "sw", "en", "qu")) {
      Path dir = RunFiles.committed(run, "predict/jsonl/lang=" + lang);
      assertTrue(Files.isDirectory(dir), lang);
      try (Stream<Path> files = Files.list(dir)) {
        long lines = 0;
        for (Path f : files.toList()) {
          lines += Files.readAllLines(f).stream().filter(l -> !l.isBlank()).count();
        }
        assertTrue(lines > 0, lang);
      }
    }
    String deadLetters = Files.readString(RunFiles.committed(run, "predict/deadletters.jsonl"));
    assertTrue(deadLetters.contains("EMPTY_LINE"), deadLetters);
    assertTrue(deadLetters.contains("INVALID_JSON"), deadLetters);
    return meanF1;
  }
}

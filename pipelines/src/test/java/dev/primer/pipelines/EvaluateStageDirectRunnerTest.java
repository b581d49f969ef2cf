package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.primer.io.Manifest;
import dev.primer.schemas.Metric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * stage -> vocab -> encode on the demo corpus, a tiny finetune (full and unprimed adapters, one
 * language, one seed), then evaluate on the run's dev split and on the same encode output named as
 * another corpus, through the launcher on the DirectRunner.
 */
class EvaluateStageDirectRunnerTest {

  @TempDir static Path temp;
  static Path run;
  static int status;
  static String errors;
  private static final PrimerCall CLI = new PrimerCall();

  static final List<String> MODELS =
      List.of("sw/full/full/seed=1", "sw/unprimed/adapter-houlsby/seed=1");

  @BeforeAll
  static void runStages() throws Exception {
    List<String> first = new ArrayList<>(List.of("run"));
    first.addAll(DemoWorkflow.stageVocabEncode(temp, "eval"));
    assertEquals(0, primer(first.toArray(String[]::new)), errors);
    run = temp.resolve("runs/eval");
    FinetuneWorkflow.writeBases(run, List.of());
    List<String> finetune = new ArrayList<>(List.of("finetune"));
    finetune.addAll(
        FinetuneWorkflow.quickFlags(
            temp, "eval", "--targetLangs=sw", "--settings=full,unprimed", "--seeds=1"));
    assertEquals(0, primer(finetune.toArray(String[]::new)), errors);
    status =
        primer(
            "evaluate",
            "--runRoot=" + temp.resolve("runs"),
            "--runId=eval",
            "--evalSplits=dev",
            "--evalBatchSize=8",
            "--errorSamples=5",
            "--corpora=again=" + run.resolve("encode"),
            "--deterministic=true");
    predict();
    predictWithAnInsideOnlyModel();
  }

  static int predictStatus;

  /** predict on text, JSONL, TSV and malformed input with two adapters (sw: PEFT, de: full). */
  static void predict() throws Exception {
    Path in = temp.resolve("in");
    Files.createDirectories(in);
    Files.writeString(in.resolve("sw.txt"), "Juma alienda Nairobi 🎉 jana.\n\nAmina na 東京.\n");
    Files.writeString(
        in.resolve("mixed.jsonl"),
        "{\"lang\":\"de\",\"text\":\"Angela Merkel besuchte München.\"}\n"
            + "{\"lang\":\"xx\",\"text\":\"unknown language\"}\n"
            + "{\"lang\":\""
            + "s".repeat(300)
            + "\",\"text\":\"an oversized language code\"}\n"
            + "{\"lang\":\"../../escape\",\"text\":\"a path as language\"}\n"
            + "not json\n");
    Files.write(
        in.resolve("bad.txt"),
        new byte[] {'o', 'k', ' ', 'l', 'i', 'n', 'e', '\n', 'b', 'a', (byte) 0xC3, '(', '\n'});
    Files.writeString(in.resolve("tok.tsv"), "Juma\tx\nNairobi\n\nAmina\n");
    Path tasks = RunFiles.committed(run, "finetune/tasks");
    predictStatus =
        primer(
            "predict",
            "--runRoot=" + temp.resolve("runs"),
            "--runId=eval",
            "--predictInput=lang=sw:"
                + in.resolve("sw.txt")
                + ",jsonl:"
                + in.resolve("mixed.jsonl")
                + ",lang=sw:"
                + in.resolve("bad.txt")
                + ",tsv:lang=sw:"
                + in.resolve("tok.tsv"),
            "--adapters=sw="
                + tasks.resolve("sw/unprimed/adapter-houlsby/seed=1")
                + ",de="
                + tasks.resolve("sw/full/full/seed=1"),
            "--predictBatchSize=4",
            "--linesPerBatch=2");
  }

  static int iobStatus;

  /**
   * predict in a copy of the run with a full checkpoint whose classifier always answers I-PER, so
   * that the raw tags are not IOB2 (every line starts with I-PER): the launcher must repair them.
   */
  static void predictWithAnInsideOnlyModel() throws Exception {
    FinetuneWorkflow.copyStages(run, temp.resolve("runs/iob"), "stage", "vocab", "encode");
    Path task = RunFiles.committed(run, "finetune/tasks/sw/full/full/seed=1");
    JsonNode result = Manifest.mapper().readTree(task.resolve("result.json").toFile());
    String location = result.path("checkpoint").path("location").asText();
    Path crafted = Files.createDirectories(temp.resolve("crafted"));
    Files.copy(task.resolve("result.json"), crafted.resolve("result.json"));
    dev.primer.learn.checkpoint.Checkpoint full =
        dev.primer.learn.checkpoint.CheckpointReader.read(
            new dev.primer.learn.checkpoint.LocalCheckpointStore(task.resolve(location)));
    List<String> labels = full.config().labels();
    int insidePer = labels.indexOf("I-PER");
    dev.primer.learn.weights.StateDict tensors = full.tensors();
    dev.primer.learn.weights.Tensor bias = tensors.require("classifier.bias");
    float[] b = new float[(int) bias.numel()];
    java.util.Arrays.fill(b, -20f);
    b[insidePer] = 20f;
    tensors.put("classifier.bias", dev.primer.learn.weights.Tensor.of(b, bias.shape()));
    dev.primer.learn.weights.Tensor weight = tensors.require("classifier.weight");
    tensors.put(
        "classifier.weight",
        dev.primer.learn.weights.Tensor.of(new float[(int) weight.numel()], weight.shape()));
    new dev.primer.learn.checkpoint.CheckpointWriter()
        .write(
            new dev.primer.learn.checkpoint.LocalCheckpointStore(crafted.resolve(location)),
            full.manifest().kind(),
            tensors,
            full.config(),
            Map.of("test", "classifier answers I-PER"),
            full.manifest().base());
    Path in = temp.resolve("in-iob");
    Files.createDirectories(in);
    Files.writeString(in.resolve("sw.txt"), "Juma alienda Nairobi jana.\nAmina\n");
    iobStatus =
        primer(
            "predict",
            "--runRoot=" + temp.resolve("runs"),
            "--runId=iob",
            "--predictInput=lang=sw:" + in.resolve("sw.txt"),
            "--adapters=sw=" + crafted,
            "--predictBatchSize=4");
  }

  static int primer(String... args) {
    int s = CLI.run(args);
    errors = CLI.err();
    return s;
  }

  private static Map<String, Metric> finalF1(String stage) throws Exception {
    Map<String, Metric> out = new HashMap<>();
    try (Stream<Path> files = Files.list(RunFiles.committed(run, stage + "/metrics"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".avro")).toList()) {
        try (DataFileReader<Metric> reader =
            new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(Metric.class))) {
          for (Metric m : reader) {
            if (m.getStep() == -1 && m.getName().equals("f1") && "dev".equals(m.getSplit())) {
              assertEquals(null, out.put(m.getTask(), m), m.getTask());
            }
          }
        }
      }
    }
    return out;
  }

  @Test
  void evaluateF1EqualsFinetuneDevF1ForEveryTask() throws Exception {
    assertEquals(0, status, errors);
    Map<String, Metric> evaluated = finalF1("evaluate");
    assertEquals(2 * MODELS.size(), evaluated.size(), evaluated.keySet().toString());
    for (String id : MODELS) {
      JsonNode result =
          Manifest.mapper()
              .readTree(
                  Files.readString(
                      RunFiles.committed(run, "finetune/tasks")
                          .resolve(id)
                          .resolve("result.json")));
      double finetuneF1 = result.path("dev").path("f1").asDouble();
      for (String task : List.of(id, id + "@again")) {
        Metric m = evaluated.get(task);
        assertNotNull(m, task);
        assertEquals("evaluate", m.getStage());
        assertEquals("sw", m.getLang());
        assertEquals(1L, m.getSeed());
        assertEquals(finetuneF1, m.getValue(), 1e-12, task);
        System.out.println(
            "evaluate " + task + " dev F1 " + m.getValue() + " = finetune " + finetuneF1);
      }
    }
  }

  @Test
  void jsonResultsHoldScoresConfusionAndErrors() throws Exception {
    assertEquals(0, status, errors);
    for (String id : MODELS) {
      Path file = RunFiles.committed(run, "evaluate/results").resolve(id).resolve("run-dev.json");
      JsonNode r = Manifest.mapper().readTree(Files.readString(file));
      JsonNode finetune =
          Manifest.mapper()
              .readTree(
                  Files.readString(
                      RunFiles.committed(run, "finetune/tasks")
                          .resolve(id)
                          .resolve("result.json")));
      assertEquals(
          finetune.path("dev").path("f1").asDouble(), r.path("micro").path("f1").asDouble());
      assertEquals(
          finetune.path("dev").path("support").asLong(), r.path("micro").path("support").asLong());
      assertEquals(16, r.path("sentences").asInt());
      // Same logits as finetune's final dev pass: same loss and token accuracy.
      assertEquals(finetune.path("dev").path("loss").asDouble(), r.path("loss").asDouble(), 1e-9);
      assertEquals(
          finetune.path("dev").path("tokenAccuracy").asDouble(),
          r.path("tokenAccuracy").asDouble(),
          1e-12);
      assertTrue(r.path("confusion").path("cells").has("O"), r.toString());
      long errorsTotal = r.path("falsePositives").asLong() + r.path("falseNegatives").asLong();
      assertEquals(Math.min(5, errorsTotal), r.path("errors").size());
      for (JsonNode e : r.path("errors")) {
        assertFalse(e.path("tokens").isNull(), "the staged words are joined: " + e);
        assertEquals(e.path("gold").size(), e.path("tokens").size());
      }
      assertTrue(
          Files.exists(
              RunFiles.committed(run, "evaluate/results").resolve(id).resolve("again-dev.json")));
    }
  }

  @Test
  void manifestCountsEvaluations() throws Exception {
    assertEquals(0, status, errors);
    Manifest m = Manifest.fromJson(Files.readString(run.resolve("evaluate/_MANIFEST.json")));
    assertEquals(4, m.counts.get("evaluations").asInt());
    assertEquals(0, m.counts.get("failed").asInt());
    assertTrue(m.upstream.containsKey("finetune"));
    // The other corpus's encoded files are recorded inputs.
    assertTrue(
        m.inputs.stream().anyMatch(i -> i.uri.contains("encoded/lang=sw/split=dev")), m.toJson());
    assertEquals(0, m.deadLetters.total);
  }

  @Test
  void unknownCorpusIsAUserError() {
    assertEquals(0, status, errors);
    int s =
        primer(
            "evaluate",
            "--runRoot=" + temp.resolve("runs"),
            "--runId=eval",
            "--corpora=x=" + temp.resolve("nowhere"),
            "--force=true");
    assertEquals(2, s, errors);
    assertTrue(errors.contains("labels.json does not exist"), errors);
  }

  private static List<JsonNode> jsonLines(Path dir) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
        for (String line : Files.readAllLines(f)) {
          if (!line.isBlank()) {
            out.add(Manifest.mapper().readTree(line));
          }
        }
      }
    }
    return out;
  }

  private static String slice(String text, int start, int end) {
    int[] cps = text.codePoints().toArray();
    return new String(java.util.Arrays.copyOfRange(cps, start, end), 0, end - start);
  }

  @Test
  void predictTagsEveryGoodLineWithItsLanguagesAdapter() throws Exception {
    assertEquals(0, predictStatus, errors);
    Path predict = RunFiles.committed(run, "predict");
    List<JsonNode> predictions = jsonLines(predict.resolve("jsonl"));
    Map<String, JsonNode> byText = new HashMap<>();
    predictions.forEach(p -> byText.put(p.path("text").asText(), p));
    assertEquals(
        java.util.Set.of(
            "Juma alienda Nairobi 🎉 jana.",
            "Amina na 東京.",
            "Angela Merkel besuchte München.",
            "ok line",
            "Juma Nairobi",
            "Amina"),
        byText.keySet());
    JsonNode sw = byText.get("Juma alienda Nairobi 🎉 jana.");
    assertEquals("sw", sw.path("adapterLang").asText());
    assertEquals("de", byText.get("Angela Merkel besuchte München.").path("adapterLang").asText());
    assertEquals(
        List.of("Amina", "na", "東", "京", "."),
        Manifest.mapper().convertValue(byText.get("Amina na 東京.").path("tokens"), List.class));
    for (JsonNode p : predictions) {
      String text = p.path("text").asText();
      assertEquals(p.path("tokens").size(), p.path("tags").size());
      for (int i = 0; i < p.path("tokens").size(); i++) {
        assertEquals(
            p.path("tokens").get(i).asText(),
            slice(text, p.path("tokenStarts").get(i).asInt(), p.path("tokenEnds").get(i).asInt()));
      }
      for (JsonNode e : p.path("entities")) {
        assertEquals(
            e.path("text").asText(), slice(text, e.path("start").asInt(), e.path("end").asInt()));
        assertTrue(e.path("confidence").asDouble() > 0 && e.path("confidence").asDouble() <= 1);
      }
    }
    assertTrue(Files.isDirectory(predict.resolve("predictions/lang=sw")));
    assertTrue(Files.isDirectory(predict.resolve("predictions/lang=de")));
    Manifest m = Manifest.fromJson(Files.readString(run.resolve("predict/_MANIFEST.json")));
    assertEquals(6, m.counts.get("predictions").asInt());
    assertEquals(5, m.counts.get("predictionsPerLanguage").get("sw").asInt());
    assertTrue(m.inputs.stream().anyMatch(i -> i.uri.endsWith("peft/checkpoint.json")), m.toJson());
    assertTrue(m.inputs.stream().anyMatch(i -> i.uri.endsWith("full/checkpoint.json")), m.toJson());
  }

  @Test
  void malformedInputReachesTheDeadLetters() throws Exception {
    assertEquals(0, predictStatus, errors);
    Map<String, Integer> reasons = new TreeMap<>();
    for (String line : Files.readAllLines(RunFiles.committed(run, "predict/deadletters.jsonl"))) {
      if (!line.isBlank()) {
        JsonNode letter = Manifest.mapper().readTree(line);
        reasons.merge(letter.path("reason").asText(), 1, Integer::sum);
        // line and byteOffset locate the rejected line in its (uncompressed) source file
        byte[] source = Files.readAllBytes(Path.of(letter.path("source").asText()));
        int at = letter.path("byteOffset").asInt();
        assertTrue(at >= 0 && at <= source.length, letter.toString());
        assertTrue(at == 0 || source[at - 1] == '\n', letter.toString());
        long newlinesBefore = 0;
        for (int i = 0; i < at; i++) {
          newlinesBefore += source[i] == '\n' ? 1 : 0;
        }
        assertEquals(letter.path("line").asLong() - 1, newlinesBefore, letter.toString());
      }
    }
    assertEquals(
        Map.of(
            "EMPTY_LINE",
            1,
            "INVALID_UTF8",
            1,
            "UNKNOWN_LANGUAGE",
            1,
            "INVALID_JSON",
            1,
            "INVALID_LANGUAGE",
            2),
        reasons);
    try (var dirs = Files.list(RunFiles.committed(run, "predict/predictions"))) {
      assertEquals(
          List.of("lang=de", "lang=sw"),
          dirs.map(d -> d.getFileName().toString()).sorted().toList(),
          "no output directory for a bad language code");
    }
  }

  /** Every predicted tag sequence is valid IOB2 and its entities are the spans of its tags. */
  @Test
  void predictedTagsAreValidIob2() throws Exception {
    assertEquals(0, predictStatus, errors);
    assertEquals(0, iobStatus, errors);
    Map<String, List<String>> insideOnly = new TreeMap<>();
    for (JsonNode p : jsonLines(RunFiles.committed(temp.resolve("runs/iob"), "predict/jsonl"))) {
      List<String> tags = new ArrayList<>();
      p.path("tags").forEach(t -> tags.add(t.asText()));
      insideOnly.put(p.path("text").asText(), tags);
    }
    // the model answers I-PER for every word: valid IOB2 starts the entity with B-PER
    assertEquals(
        Map.of(
            "Amina",
            List.of("B-PER"),
            "Juma alienda Nairobi jana.",
            List.of("B-PER", "I-PER", "I-PER", "I-PER", "I-PER")),
        insideOnly);
    int entities = 0;
    List<JsonNode> all = new ArrayList<>(jsonLines(RunFiles.committed(run, "predict/jsonl")));
    all.addAll(jsonLines(RunFiles.committed(temp.resolve("runs/iob"), "predict/jsonl")));
    for (JsonNode p : all) {
      List<String> tags = new ArrayList<>();
      p.path("tags").forEach(t -> tags.add(t.asText()));
      String previous = "O";
      for (String tag : tags) {
        assertTrue(tag.equals("O") || tag.matches("[BI]-[A-Z]+"), tag);
        if (tag.startsWith("I-")) {
          assertTrue(
              previous.length() > 2 && previous.substring(2).equals(tag.substring(2)),
              "I- tag after " + previous + " in " + tags);
        }
        previous = tag;
      }
      List<String> fromTags = new ArrayList<>();
      for (dev.primer.seqeval.EntitySpan span : dev.primer.seqeval.IobChunker.chunks(tags)) {
        fromTags.add(span.type() + "@" + span.start() + "-" + span.end());
      }
      List<String> reported = new ArrayList<>();
      for (JsonNode e : p.path("entities")) {
        reported.add(
            e.path("type").asText()
                + "@"
                + e.path("firstWord").asInt()
                + "-"
                + e.path("lastWord").asInt());
      }
      assertEquals(fromTags, reported, p.toString());
      entities += reported.size();
    }
    assertTrue(entities > 0, "the test sees entities");
  }
}

package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.io.Manifest;
import dev.primer.schemas.Sentence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 through the real launcher ({@link Primer#execute}): corpus specs with keys and brace
 * globs, dev/test splits kept whole, the entity-type summary, bad run ids and run roots, badly
 * typed options, and input checks that leave a committed output alone.
 */
class DataIntegrityCliTest {

  @TempDir Path temp;

  private final PrimerCall cli = new PrimerCall();

  private String root() {
    return "--runRoot=" + temp.resolve("runs");
  }

  /** One "primer CMD: error:" line, no stack trace, exit 2. */
  private void assertUserError(int status, String... expected) {
    String message = cli.err();
    assertEquals(2, status, message);
    assertEquals(1, message.lines().filter(l -> l.startsWith("primer ")).count(), message);
    assertTrue(message.lines().noneMatch(l -> l.strip().startsWith("at ")), message);
    assertFalse(message.contains("Exception"), message);
    for (String e : expected) {
      assertTrue(message.contains(e), "'" + e + "' missing from: " + message);
    }
  }

  private static Map<String, List<List<String>>> sentences(Path stage) throws IOException {
    Map<String, List<List<String>>> byPartition = new TreeMap<>();
    try (Stream<Path> files = Files.walk(stage.resolve("sentences"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".avro")).sorted().toList()) {
        String partition = stage.resolve("sentences").relativize(f.getParent()).toString();
        try (DataFileReader<Sentence> reader =
            new DataFileReader<>(f.toFile(), new SpecificDatumReader<>(Sentence.class))) {
          for (Sentence s : reader) {
            byPartition
                .computeIfAbsent(partition, k -> new ArrayList<>())
                .add(List.copyOf(s.getTokens()));
          }
        }
      }
    }
    return byPartition;
  }

  private Path corpora() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("in"));
    StringBuilder sw = new StringBuilder();
    for (int i = 0; i < 1200; i++) {
      sw.append("Juma").append(i).append("\tB-PER\nalikwenda\tO\n\n");
    }
    sw.append("Juma0\tB-PER\nalikwenda\tO\n\n"); // a duplicate: train merges it
    sw.append("Stray\tB-PERX\n\n"); // a legitimate-looking new type, 1 of 1201 entities
    sw.append("Nairobi\tB-loc\n\n"); // breaks the tag grammar
    Files.writeString(dir.resolve("sw-news.tsv"), sw.toString());
    String twice = "Ilorin\tB-LOC\n\nIlorin\tB-LOC\n\nOyo\tB-LOC\n\n";
    Files.writeString(dir.resolve("yo-dev.tsv"), twice);
    Files.writeString(dir.resolve("c1.tsv"), "Berlin\tB-LOC\n\n");
    Files.writeString(dir.resolve("c2.tsv"), "Hamburg\tB-LOC\n\n");
    Files.writeString(dir.resolve("c3.tsv"), "Bonn\tB-LOC\n\n"); // not in the brace glob
    return dir;
  }

  @Test
  void corpusSpecKeysAndBraceGlobsWorkFromTheCommandLine() throws Exception {
    Path in = corpora();
    int status =
        cli.run(
            "stage",
            root(),
            "--runId=specs",
            "--corpus=panx;lang=sw;split=train:" + in.resolve("sw-news.tsv"),
            "--corpus=panx,lang=yo,split=dev:" + in.resolve("yo-dev.tsv"),
            "--corpus=panx;lang=de;split=test:" + in + "/{c1,c2}.tsv");
    assertEquals(0, status, cli.err());
    Path stage = temp.resolve("runs/specs/stage");
    Map<String, List<List<String>>> staged = sentences(RunFiles.output(stage));
    assertEquals(1201, staged.get("lang=sw/split=train").size(), "train deduplicated");
    assertEquals(
        List.of(List.of("Ilorin"), List.of("Ilorin"), List.of("Oyo")),
        staged.get("lang=yo/split=dev").stream()
            .sorted((a, b) -> a.get(0).compareTo(b.get(0)))
            .toList(),
        "dev keeps its duplicate");
    assertEquals(
        List.of(List.of("Berlin"), List.of("Hamburg")),
        staged.get("lang=de/split=test").stream()
            .sorted((a, b) -> a.get(0).compareTo(b.get(0)))
            .toList());

    Manifest m = Manifest.fromJson(Files.readString(stage.resolve("_MANIFEST.json")));
    assertEquals("[\"train\"]", m.counts.get("deduplicatedSplits").toString());
    assertEquals(1200, m.counts.at("/entityTypes/sw/PER").asLong());
    assertEquals(1, m.counts.at("/entityTypes/sw/PERX").asLong());
    assertEquals("[\"PERX\"]", m.counts.at("/rareEntityTypes/sw").toString());
    assertEquals("[]", m.counts.at("/rareEntityTypes/yo").toString());
    assertEquals(1, m.deadLetters.byReason.get("UNKNOWN_TAG"));
    String console = cli.out();
    assertTrue(console.contains("entity types sw: PER 1200, PERX 1"), console);
    assertTrue(console.contains("WARNING sw: rare entity types"), console);
    assertTrue(console.contains("deduplicated splits: train"), console);

    // the same inputs with every split deduplicated: the option works and is recorded
    status =
        cli.run(
            "stage",
            root(),
            "--runId=all",
            "--dedupSplits=all",
            "--corpus=panx;lang=yo;split=dev:" + in.resolve("yo-dev.tsv"));
    assertEquals(0, status, cli.err());
    Path all = temp.resolve("runs/all/stage");
    assertEquals(2, sentences(RunFiles.output(all)).get("lang=yo/split=dev").size());
    Manifest mAll = Manifest.fromJson(Files.readString(all.resolve("_MANIFEST.json")));
    assertEquals("[\"dev\",\"test\",\"train\"]", mAll.counts.get("deduplicatedSplits").toString());
  }

  @Test
  void commaKeysWithoutAColonStillNameTheProblem() throws Exception {
    assertUserError(
        cli.run("stage", root(), "--runId=r", "--corpus=panx,lang=sw,split=train"), "has no ':'");
  }

  @Test
  void badRunIdsAndRunRootsExitTwo() throws Exception {
    for (String id : List.of("..", "../../x", "/abs/run", "")) {
      assertUserError(cli.run("stage", root(), "--runId=" + id), "--runId");
    }
    Path file = Files.writeString(temp.resolve("a-file"), "x");
    assertUserError(
        cli.run("stage", "--runRoot=" + file, "--runId=r", "--corpus=panx:/nothing"),
        "--runRoot",
        "is a file");
    assertUserError(
        cli.run("demo", "--runRoot=" + file.resolve("below"), "--runId=r"), "is a file");
  }

  @Test
  void badlyTypedOptionsNameOptionValueAndType() throws Exception {
    assertUserError(
        cli.run("prime", root(), "--runId=r", "--metaSteps=abc"),
        "--metaSteps",
        "'abc'",
        "integer");
    assertUserError(
        cli.run("prime", root(), "--runId=r", "--outerLr=fast"), "--outerLr", "'fast'", "number");
    assertUserError(
        cli.run("stage", root(), "--runId=r", "--force=maybe"),
        "--force",
        "'maybe'",
        "true or false");
    assertUserError(
        cli.run("run", root(), "--runId=r", "--stages=stage,prime", "--metaSteps=1.5"),
        "--metaSteps",
        "'1.5'");
  }

  /** A committed output of {@code stage} in run r: a manifest and one more file. */
  private Path committed(String stage) throws IOException {
    Path dir = Files.createDirectories(temp.resolve("runs/r/" + stage + "/checkpoint"));
    Files.writeString(
        dir.getParent().resolve("_MANIFEST.json"),
        "{\"stage\":\"" + stage + "\",\"cacheKey\":\"earlier\"}");
    Files.writeString(dir.resolve("model.safetensors"), "earlier weights");
    return dir.getParent();
  }

  private static void upstream(Path runs, String... stages) throws IOException {
    for (String stage : stages) {
      Path dir = Files.createDirectories(runs.resolve("r/" + stage));
      Files.writeString(
          dir.resolve("_MANIFEST.json"), "{\"stage\":\"" + stage + "\",\"cacheKey\":\"up\"}");
    }
  }

  private static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(f).toString(), Files.readString(f));
      }
    }
    return files;
  }

  @Test
  void unusableWeightsLeaveTheCommittedPretrainOutputAlone() throws Exception {
    upstream(temp.resolve("runs"), "stage", "vocab", "encode");
    Path pretrain = committed("pretrain");
    Map<String, String> before = snapshot(pretrain);
    assertEquals(2, before.size());

    Path notZip = Files.writeString(temp.resolve("weights.bin"), "not a checkpoint");
    assertUserError(
        cli.run("pretrain", root(), "--runId=r", "--pretrainMode=import", "--weights=" + notZip),
        "--weights");
    assertEquals(before, snapshot(pretrain));

    Path hf = Files.createDirectories(temp.resolve("hf"));
    Files.writeString(
        hf.resolve("config.json"),
        "{\"model_type\":\"bert\",\"vocab_size\":10,\"hidden_size\":8,\"num_hidden_layers\":1,"
            + "\"num_attention_heads\":2,\"intermediate_size\":16,"
            + "\"max_position_embeddings\":16,\"type_vocab_size\":2}");
    Files.writeString(hf.resolve("model.safetensors"), "fake safetensors");
    assertUserError(
        cli.run("pretrain", root(), "--runId=r", "--pretrainMode=import", "--weights=" + hf),
        "--weights",
        "safetensors");
    assertEquals(before, snapshot(pretrain));
  }

  @Test
  void unusableTokenizerLeavesTheCommittedVocabOutputAlone() throws Exception {
    upstream(temp.resolve("runs"), "stage");
    Path vocab = committed("vocab");
    Map<String, String> before = snapshot(vocab);
    Path bad = Files.writeString(temp.resolve("tokenizer.json"), "{\"not\": \"a tokenizer\"}");
    assertUserError(
        cli.run("vocab", root(), "--runId=r", "--vocabMode=prune", "--tokenizer=" + bad),
        "--tokenizer",
        "'model'");
    assertEquals(before, snapshot(vocab));
  }

  @Test
  void unusableCheckpointLeavesTheCommittedEvaluateOutputAlone() throws Exception {
    Path runs = encodedWithTokenizer();
    Files.writeString(runs.resolve("r/encode/labels.json"), "{}");
    Path evaluate = committed("evaluate");
    Map<String, String> before = snapshot(evaluate);
    Path ckpt = Files.createDirectories(temp.resolve("ckpt"));
    Files.writeString(ckpt.resolve("checkpoint.json"), "{\"truncated\": ");
    assertUserError(
        cli.run("evaluate", root(), "--runId=r", "--checkpoint=" + ckpt),
        "--checkpoint",
        "not a checkpoint manifest");
    assertEquals(before, snapshot(evaluate));
  }

  @Test
  void unusableAdapterLeavesTheCommittedPredictOutputAlone() throws Exception {
    encodedWithTokenizer();
    Path predict = committed("predict");
    Map<String, String> before = snapshot(predict);
    Path text = Files.writeString(temp.resolve("sw.txt"), "Juma alienda Nairobi.\n");
    Path adapter = Files.createDirectories(temp.resolve("adapter/full"));
    Files.writeString(adapter.resolve("checkpoint.json"), "not json");
    adapter = adapter.getParent();
    Files.writeString(adapter.resolve("result.json"), "{\"checkpoint\":{\"location\":\"full/\"}}");
    assertPredictRefused(text, adapter, before, "--adapters", "not a checkpoint manifest");

    Files.writeString(adapter.resolve("result.json"), "{\"checkpoint\": ");
    assertPredictRefused(text, adapter, before, "--adapters", "result.json is not valid JSON");

    // an input file that does not exist is a user error too, before anything is removed
    assertPredictRefused(temp.resolve("missing.txt"), adapter, before, "missing.txt");
  }

  /**
   * Upstream stage, vocab and encode outputs of run r, with a real tokenizer.json; the run root.
   */
  private Path encodedWithTokenizer() throws IOException {
    Path runs = temp.resolve("runs");
    upstream(runs, "stage", "vocab", "encode");
    Files.copy(
        Path.of("src/test/resources/fill-mask/tokenizer.json"),
        runs.resolve("r/vocab/tokenizer.json"));
    return runs;
  }

  /** predict of {@code input} with {@code adapter} is a user error and leaves its output alone. */
  private void assertPredictRefused(
      Path input, Path adapter, Map<String, String> before, String... expected) throws IOException {
    assertUserError(
        cli.run(
            "predict",
            root(),
            "--runId=r",
            "--predictInput=lang=sw:" + input,
            "--adapters=sw=" + adapter),
        expected);
    assertEquals(before, snapshot(temp.resolve("runs/r/predict")));
  }
}

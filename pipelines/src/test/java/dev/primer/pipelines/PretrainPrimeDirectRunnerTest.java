package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.io.Manifest;
import dev.primer.schemas.Metric;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.extensions.avro.io.AvroIO;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * pretrain (masked-LM, tiny preset) and prime (two variants) through the launcher on the
 * DirectRunner over the demo corpus; a priming run stopped mid-way and rerun ends bit-identical to
 * the uninterrupted one.
 */
@ExtendWith(TestPipelineExtension.class)
class PretrainPrimeDirectRunnerTest {

  static final List<String> SOURCE_LANGS = List.of("en", "de", "fr");
  static final int META_STEPS = 6;

  @TempDir static Path temp;
  static Path run;

  static final ByteArrayOutputStream ERR = new ByteArrayOutputStream();

  static int primer(List<String> args) {
    ERR.reset();
    return new Primer(
            StageRegistry.standard(),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(ERR, true, StandardCharsets.UTF_8))
        .execute(args.toArray(String[]::new));
  }

  static String err() {
    return ERR.toString(StandardCharsets.UTF_8);
  }

  static List<String> location(String runId) {
    return List.of("--runRoot=" + temp.resolve("runs"), "--runId=" + runId);
  }

  static List<String> pretrainArgs(String runId) {
    List<String> args = new ArrayList<>(List.of("pretrain"));
    args.addAll(location(runId));
    args.addAll(
        List.of(
            "--preset=tiny",
            "--pretrainSteps=20",
            "--pretrainLogEvery=5",
            "--pretrainLangs=en,de,fr,sw",
            "--deterministic=true"));
    return args;
  }

  static List<String> primeArgs(String runId, String variants, String... extra) {
    List<String> args = new ArrayList<>(List.of("prime"));
    args.addAll(location(runId));
    args.addAll(
        List.of(
            "--primeVariants=" + variants,
            "--metaSteps=" + META_STEPS,
            "--metaBatch=2",
            "--innerSteps=2",
            "--checkpointEvery=2",
            "--outerLr=5e-4",
            "--deterministic=true"));
    args.addAll(List.of(extra));
    return args;
  }

  @BeforeAll
  static void runStages() throws Exception {
    List<String> upstream = new ArrayList<>(List.of("run"));
    upstream.addAll(DemoWorkflow.stageVocabEncode(temp, "direct"));
    assertEquals(0, primer(upstream), err());
    run = temp.resolve("runs/direct");
    List<String> episodes = new ArrayList<>(List.of("episodes"));
    episodes.addAll(location("direct"));
    episodes.addAll(
        List.of(
            "--sourceLangs=" + String.join(",", SOURCE_LANGS),
            "--targetLangs=sw",
            "--supportSize=8",
            "--querySize=8",
            "--episodes=12",
            "--episodesPerFile=5"));
    assertEquals(0, primer(episodes), err());
    assertEquals(0, primer(pretrainArgs("direct")), err());
    assertEquals(0, primer(primeArgs("direct", "primed,multitask")), err());
  }

  /**
   * finetune reads what pretrain and prime wrote: PEFT on the unprimed base, on the primed encoder
   * (fresh adapters and head), and on multitask's encoder starting from its primed adapters and
   * shared head.
   */
  @Test
  void finetuneStartsFromThePrimedCheckpoints() throws Exception {
    List<String> args = new ArrayList<>(List.of("finetune"));
    args.addAll(location("direct"));
    args.addAll(
        List.of(
            "--targetLangs=sw",
            "--settings=unprimed,primed,multitask",
            "--methods=adapter-houlsby",
            "--seeds=1",
            "--maxSteps=4",
            "--evalEvery=2",
            "--finetuneBatchSize=8",
            "--deterministic=true"));
    assertEquals(0, primer(args), err());
    for (String setting : List.of("unprimed", "primed", "multitask")) {
      Path result =
          RunFiles.committed(
              run, "finetune/tasks/sw/" + setting + "/adapter-houlsby/seed=1/result.json");
      com.fasterxml.jackson.databind.JsonNode init =
          Manifest.mapper().readTree(Files.readString(result)).path("initialisation");
      boolean primedInit = setting.equals("multitask");
      assertEquals(primedInit, init.path("peftFromBase").asBoolean(), setting + ": " + init);
      assertEquals(primedInit, init.path("classifierFromBase").asBoolean(), setting + ": " + init);
    }
  }

  @Test
  void pretrainWritesABaseCheckpointAndLossCurves(TestPipeline p) throws Exception {
    String checkpoint =
        Files.readString(RunFiles.committed(run, "pretrain/checkpoint/checkpoint.json"));
    assertTrue(checkpoint.contains("\"kind\" : \"base\""), checkpoint);
    assertTrue(Files.exists(RunFiles.committed(run, "pretrain/checkpoint/model.safetensors")));
    Manifest manifest = Manifest.fromJson(Files.readString(run.resolve("pretrain/_MANIFEST.json")));
    assertEquals("mlm", manifest.counts.get("mode").asText());
    assertTrue(manifest.counts.get("parameters").asLong() > 100_000);
    assertTrue(manifest.upstream.containsKey("encode"));
    PCollection<Metric> metrics =
        p.apply(
            AvroIO.read(Metric.class)
                .from(RunFiles.committed(run, "pretrain/metrics/*.avro").toString()));
    PAssert.that(
            metrics
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(m -> m.getStage() + "/" + m.getSplit() + "/" + m.getName()))
                .apply(Count.perElement()))
        .satisfies(
            counts -> {
              long train = 0;
              for (KV<String, Long> kv : counts) {
                if (kv.getKey().equals("pretrain/train/loss")) {
                  train = kv.getValue();
                }
              }
              // every 5 of 20 updates, and the final value
              assertEquals(5, train);
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void primeWritesOneCheckpointPerVariantAndItsCurves(TestPipeline p) throws Exception {
    for (String v : List.of("primed", "multitask")) {
      assertTrue(
          Files.exists(RunFiles.committed(run, "prime/" + v + "/checkpoint/checkpoint.json")), v);
      assertFalse(
          Files.exists(RunFiles.committed(run, "prime/" + v + "/steps")),
          "periodic checkpoints live in the work area, not in the committed output");
    }
    assertFalse(
        Files.exists(run.resolve("prime/_work")), "the work area is removed once prime commits");
    Manifest manifest = Manifest.fromJson(Files.readString(run.resolve("prime/_MANIFEST.json")));
    assertEquals(META_STEPS, manifest.counts.get("primed").get("meta_steps").asInt());
    assertTrue(manifest.upstream.containsKey("episodes"));
    assertTrue(manifest.upstream.containsKey("pretrain"));
    PCollection<Metric> metrics =
        p.apply(
            AvroIO.read(Metric.class)
                .from(RunFiles.committed(run, "prime/metrics/*.avro").toString()));
    PAssert.that(
            metrics
                .apply(
                    "QueryLossPerStep",
                    Filter.by(
                        m ->
                            m.getLang() == null
                                && "query".equals(m.getSplit())
                                && "loss".equals(m.getName())
                                && m.getStep() > 0))
                .apply("Variant", MapElements.into(TypeDescriptors.strings()).via(Metric::getTask))
                .apply("CountPerVariant", Count.perElement()))
        .containsInAnyOrder(
            KV.of("primed", (long) META_STEPS), KV.of("multitask", (long) META_STEPS));
    PAssert.that(
            metrics
                .apply(
                    "F1PerLanguage",
                    Filter.by(m -> m.getLang() != null && "f1".equals(m.getName())))
                .apply("Lang", MapElements.into(TypeDescriptors.strings()).via(Metric::getLang))
                .apply("Distinct", Count.perElement()))
        .satisfies(
            counts -> {
              List<String> langs = new ArrayList<>();
              counts.forEach(kv -> langs.add(kv.getKey()));
              assertEquals(
                  SOURCE_LANGS.stream().sorted().toList(), langs.stream().sorted().toList());
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void stoppedPrimingResumesAndEndsBitIdentical() throws Exception {
    Path other = temp.resolve("runs/resume");
    for (String stage : List.of("stage", "vocab", "encode", "episodes", "pretrain")) {
      copyTree(run.resolve(stage), other.resolve(stage));
    }
    assertEquals(1, primer(primeArgs("resume", "primed", "--primeStopAfter=3")), err());
    assertTrue(err().contains("--primeStopAfter"), err());
    assertFalse(Files.exists(other.resolve("prime/_MANIFEST.json")));
    Path steps = other.resolve("prime/_work/primed/steps");
    try (Stream<Path> list = Files.list(steps)) {
      assertEquals(
          List.of("metrics-00000002.avro", "step-00000002"),
          list.map(f -> f.getFileName().toString()).sorted().toList(),
          "a checkpoint every 2 meta-steps, in the work area that outlives the failed attempt");
    }
    assertTrue(Files.exists(steps.resolve("step-00000002/checkpoint.json")));
    assertEquals(0, primer(primeArgs("resume", "primed")), err());
    assertFalse(Files.exists(other.resolve("prime/_work")), "removed once the resumed run commits");
    Manifest manifest = Manifest.fromJson(Files.readString(other.resolve("prime/_MANIFEST.json")));
    assertEquals(2, manifest.counts.get("primed").get("resumed_from").asInt());
    assertArrayEquals(
        Files.readAllBytes(RunFiles.committed(run, "prime/primed/checkpoint/model.safetensors")),
        Files.readAllBytes(RunFiles.committed(other, "prime/primed/checkpoint/model.safetensors")),
        "resumed priming ends with the same parameters");
  }

  static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }
}

package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.io.BeamTempDirectories;
import dev.primer.io.Manifest;
import dev.primer.io.StageArtifacts;
import dev.primer.schemas.DeadLetter;
import dev.primer.schemas.EncodedSentence;
import dev.primer.schemas.Sentence;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.extensions.avro.io.AvroIO;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * stage → vocab → encode through the launcher on the DirectRunner, outputs checked with PAssert.
 */
@ExtendWith(TestPipelineExtension.class)
class StageVocabEncodeDirectRunnerTest {

  @TempDir static Path temp;
  static Path run;

  @BeforeAll
  static void runStages() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        new Primer(
                StageRegistry.standard(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .execute(prepend("run", DemoWorkflow.stageVocabEncode(temp, "direct")));
    assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
    run = temp.resolve("runs/direct");
  }

  private static String[] prepend(String command, List<String> args) {
    String[] all = new String[args.size() + 1];
    all[0] = command;
    for (int i = 0; i < args.size(); i++) {
      all[i + 1] = args.get(i);
    }
    return all;
  }

  @Test
  void stagedSentencesPerLanguageAndSplit(TestPipeline p) {
    PCollection<Sentence> sentences =
        p.apply(
            AvroIO.read(Sentence.class)
                .from(
                    StageArtifacts.allPartitions(
                        RunFiles.committed(run, "stage/sentences").toString())));
    PAssert.that(
            sentences
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(s -> s.getLang() + "/" + s.getSplit()))
                .apply(Count.perElement()))
        .containsInAnyOrder(
            KV.of("en/train", (long) DemoWorkflow.PANX_TRAIN),
            KV.of("de/train", (long) DemoWorkflow.PANX_TRAIN),
            KV.of("fr/train", (long) DemoWorkflow.PANX_TRAIN),
            KV.of("sw/train", (long) DemoWorkflow.PANX_TRAIN),
            KV.of("es/train", (long) DemoWorkflow.CONLL_TRAIN),
            KV.of("nl/train", (long) DemoWorkflow.CONLL_TRAIN),
            KV.of("en/dev", (long) DemoWorkflow.DEV),
            KV.of("de/dev", (long) DemoWorkflow.DEV),
            KV.of("fr/dev", (long) DemoWorkflow.DEV),
            KV.of("sw/dev", (long) DemoWorkflow.DEV),
            KV.of("es/dev", (long) DemoWorkflow.DEV),
            KV.of("nl/dev", (long) DemoWorkflow.DEV));
    PAssert.that(
            sentences.apply(
                "Merged",
                MapElements.into(TypeDescriptors.strings())
                    .via(s -> s.getCopies() > 1 ? s.getLang() + ":" + s.getCopies() : "unique")))
        .satisfies(
            values -> {
              long merged = 0;
              for (String v : values) {
                if (!v.equals("unique")) {
                  assertTrue(v.endsWith(":2"), v);
                  merged++;
                }
              }
              assertEquals(4, merged, "one duplicate per panx train file");
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void deadLettersCarryReasonsAndPositions(TestPipeline p) {
    PCollection<DeadLetter> letters =
        p.apply(
            AvroIO.read(DeadLetter.class)
                .from(RunFiles.committed(run, "stage/deadletters/*.avro").toString()));
    PAssert.that(
            letters
                .apply(MapElements.into(TypeDescriptors.strings()).via(DeadLetter::getReason))
                .apply(Count.perElement()))
        .containsInAnyOrder(
            KV.of("WRONG_COLUMN_COUNT", 6L),
            KV.of("EMPTY_TOKEN", 4L),
            KV.of("UNKNOWN_TAG", 3L),
            KV.of("UNDECODABLE_BYTES", 1L));
    PAssert.that(
            letters.apply(
                "Positions",
                MapElements.into(TypeDescriptors.strings())
                    .via(d -> d.getLine() > 0 && d.getByteOffset() >= 0 ? "ok" : d.toString())))
        .satisfies(
            values -> {
              values.forEach(v -> assertEquals("ok", v));
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void encodedSentencesLabelEveryWordOnce(TestPipeline p) {
    PCollection<EncodedSentence> encoded =
        p.apply(
            AvroIO.read(EncodedSentence.class)
                .from(
                    StageArtifacts.allPartitions(
                        RunFiles.committed(run, "encode/encoded").toString())));
    PAssert.that(encoded.apply(Count.globally()))
        .containsInAnyOrder(
            (long)
                (4 * DemoWorkflow.PANX_TRAIN
                    + 2 * DemoWorkflow.CONLL_TRAIN
                    + 6 * DemoWorkflow.DEV));
    PAssert.that(
            encoded.apply(
                MapElements.into(TypeDescriptors.strings())
                    .via(
                        e -> {
                          long labelled = e.getLabelIds().stream().filter(l -> l != -100).count();
                          boolean specials =
                              e.getWordIds().get(0) == -1
                                  && e.getWordIds().get(e.getLength() - 1) == -1;
                          return labelled == e.getNumWords() && specials ? "ok" : e.getId();
                        })))
        .satisfies(
            values -> {
              values.forEach(v -> assertEquals("ok", v));
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void committedStagesLeaveNoBeamTemporaryDirectories() throws Exception {
    try (Stream<Path> paths = Files.walk(run)) {
      assertEquals(
          List.of(),
          paths
              .filter(q -> q.getFileName().toString().startsWith(BeamTempDirectories.PREFIX))
              .toList());
    }
  }

  @Test
  void manifestsRecordInputsCountsAndUpstream() throws Exception {
    Manifest stage = Manifest.fromJson(Files.readString(run.resolve("stage/_MANIFEST.json")));
    assertEquals(12, stage.inputs.size());
    assertEquals(DemoWorkflow.DEAD_LETTERS, stage.deadLetters.total);
    assertEquals(
        4 * DemoWorkflow.PANX_TRAIN + 2 * DemoWorkflow.CONLL_TRAIN + 6 * DemoWorkflow.DEV,
        stage.counts.get("total").get("sentences").asInt());
    Manifest encode = Manifest.fromJson(Files.readString(run.resolve("encode/_MANIFEST.json")));
    assertEquals(stage.cacheKey, encode.upstream.get("stage").cacheKey);
    assertTrue(encode.upstream.containsKey("vocab"));
    assertEquals(
        List.of("O", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-PER", "I-PER"),
        Manifest.mapper().convertValue(encode.counts.get("labels").get("labels"), List.class));
    assertTrue(Files.exists(RunFiles.committed(run, "vocab/tokenizer.json")));
  }
}

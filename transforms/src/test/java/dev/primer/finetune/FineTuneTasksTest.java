package dev.primer.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.primer.schemas.DeadLetter;
import dev.primer.schemas.Metric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
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

/** The fan-out on the DirectRunner: one outcome per task, failures as dead letters. */
@ExtendWith(TestPipelineExtension.class)
class FineTuneTasksTest {

  @TempDir static Path root;
  static Path base;

  @BeforeAll
  static void data() throws Exception {
    base = root.resolve("pretrain/checkpoint");
    FinetuneFixtures.writeBase(base, 5);
    FinetuneFixtures.writeLanguage(root.resolve("encoded"), "xx", 64, 16, 51);
    FinetuneFixtures.writeLanguage(root.resolve("encoded"), "yy", 64, 16, 53);
    FinetuneFixtures.writeLanguage(root.resolve("encoded"), "zz", 16, 0, 55);
  }

  @Test
  void everyTaskYieldsExactlyOneOutcomeAndAFailureIsADeadLetter(TestPipeline p) throws Exception {
    List<FinetuneTask> tasks =
        new ArrayList<>(
            FinetunePlanner.plan(
                List.of("xx", "yy"),
                List.of("full", "unprimed"),
                List.of("adapter-pfeiffer", "bitfit"),
                List.of(1L, 2L),
                s -> base.toString()));
    FinetuneTask broken = new FinetuneTask("zz", "unprimed", "lora", 1, base.toString());
    tasks.add(broken);
    assertEquals(2 * (2 + 2 * 2) + 1, tasks.size());

    FineTuneTasks.Result result =
        p.apply(
            FineTuneTasks.of(tasks, FinetuneFixtures.settings(root, 0, 6, 3))
                .writingMetricsTo(root.resolve("metrics").toString()));

    List<KV<String, Long>> once = new ArrayList<>();
    tasks.forEach(t -> once.add(KV.of(t.id(), 1L)));
    PAssert.that(
            result
                .outcomes()
                .apply(
                    "OutcomeTask", MapElements.into(TypeDescriptors.strings()).via(o -> o.task()))
                .apply("PerTask", Count.perElement()))
        .containsInAnyOrder(once);
    PAssert.that(
            result
                .outcomes()
                .apply(
                    "Failed",
                    MapElements.into(TypeDescriptors.strings())
                        .via(o -> o.succeeded() ? "ok" : "failed:" + o.task())))
        .satisfies(
            values -> {
              Map<String, Integer> n = new HashMap<>();
              values.forEach(v -> n.merge(v, 1, Integer::sum));
              assertEquals(Map.of("ok", tasks.size() - 1, "failed:" + broken.id(), 1), n);
              return null;
            });
    PAssert.that(result.failures())
        .satisfies(
            letters -> {
              List<DeadLetter> all = new ArrayList<>();
              letters.forEach(all::add);
              assertEquals(1, all.size());
              assertEquals(FineTuneFn.TASK_FAILED, all.get(0).getReason());
              assertEquals(broken.id(), all.get(0).getSource());
              assertTrue(all.get(0).getDetail().contains("0 dev"), all.get(0).getDetail());
              return null;
            });
    PCollection<Metric> finals =
        result
            .metrics()
            .apply("FinalF1", Filter.by(m -> m.getStep() == -1 && m.getName().equals("f1")));
    PAssert.that(finals.apply("CountFinals", Count.globally()))
        .containsInAnyOrder((long) tasks.size() - 1);
    p.run().waitUntilFinish();

    try (Stream<Path> files = Files.list(root.resolve("metrics"))) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("part")));
    }
    for (FinetuneTask t : tasks) {
      assertEquals(
          t != broken,
          Files.exists(root.resolve("tasks").resolve(t.id()).resolve("result.json")),
          t.id());
    }
  }

  @Test
  void writtenMetricsAgreeWithTheTaskResult(TestPipeline p) throws Exception {
    List<FinetuneTask> tasks =
        FinetunePlanner.plan(
            List.of("xx"),
            List.of("unprimed"),
            List.of("prefix"),
            List.of(7L),
            s -> base.toString());
    Path metrics = root.resolve("metrics-2");
    p.apply(
        FineTuneTasks.of(tasks, FinetuneFixtures.settings(root, 8, 4, 2))
            .writingMetricsTo(metrics.toString()));
    p.run().waitUntilFinish();

    Map<String, Double> written = new HashMap<>();
    try (Stream<Path> files = Files.list(metrics)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".avro")).toList()) {
        try (DataFileReader<Metric> reader =
            new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(Metric.class))) {
          for (Metric m : reader) {
            assertEquals("xx/unprimed/prefix/seed=7", m.getTask());
            assertEquals(
                null,
                written.put(m.getSplit() + "|" + m.getStep() + "|" + m.getName(), m.getValue()));
          }
        }
      }
    }
    JsonNode result =
        new ObjectMapper()
            .readTree(root.resolve("tasks/xx/unprimed/prefix/seed=7/result.json").toFile());
    assertEquals(result.path("dev").path("f1").asDouble(), written.get("dev|-1|f1"));
    assertEquals(8.0, written.get("train|-1|sentences"));
    assertEquals(3, result.path("curve").size());
    for (JsonNode row : result.path("curve")) {
      long step = row.path("step").asLong();
      assertEquals(row.path("devF1").asDouble(), written.get("dev|" + step + "|f1"));
      if (step > 0) {
        assertEquals(row.path("trainLoss").asDouble(), written.get("train|" + step + "|loss"));
      }
    }
  }
}

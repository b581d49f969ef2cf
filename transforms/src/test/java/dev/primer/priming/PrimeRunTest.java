package dev.primer.priming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.primer.learn.CheckpointSaver;
import dev.primer.learn.checkpoint.Checkpoint;
import dev.primer.learn.checkpoint.CheckpointKind;
import dev.primer.learn.checkpoint.CheckpointReader;
import dev.primer.learn.checkpoint.LocalCheckpointStore;
import dev.primer.learn.meta.PrimingVariant;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.peft.FinetuneMethod;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.peft.PeftMethod;
import dev.primer.learn.testing.TinyModels;
import dev.primer.schemas.Episode;
import dev.primer.schemas.Metric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A priming task end to end on local files: checkpoints, resume, final checkpoint, metrics. */
class PrimeRunTest {

  private static final List<String> LABELS = List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC");

  @TempDir Path dir;

  @BeforeEach
  void inputs() throws Exception {
    Engine.getInstance().setRandomSeed(21);
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel base =
          EncoderModel.builder().setConfig(TinyModels.config()).optMaskedLm().build();
      base.initialize(manager, DataType.FLOAT32);
      CheckpointSaver.saveFull(
          base,
          new LocalCheckpointStore(dir.resolve("base")),
          CheckpointKind.BASE,
          List.of(),
          Map.of());
    }
    List<Episode> even = new ArrayList<>();
    List<Episode> odd = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      (i % 2 == 0 ? even : odd).add(EpisodeFiles.episode(i, i % 3 == 0 ? "aa" : "bb", 6, 6, 40, 5));
    }
    Files.createDirectories(dir.resolve("episodes"));
    EpisodeFiles.write(dir.resolve("episodes/part-0.avro"), even);
    EpisodeFiles.write(dir.resolve("episodes/part-1.avro"), odd);
  }

  private PrimeSettings settings(String out, long metaSteps, long stopAfter, double innerLr) {
    return PrimeSettings.builder()
        .runId("test")
        .episodes(dir.resolve("episodes/part-*.avro").toString())
        .baseCheckpoint(dir.resolve("base").toString())
        .primeDirectory(dir.resolve(out).toString())
        .workDirectory(dir.resolve(out + "-work").toString())
        .labels(LABELS)
        .upstream("upstream-keys")
        .peft(
            FinetuneMethod.ADAPTER_HOULSBY,
            PeftConfig.builder(PeftMethod.HOULSBY).setReductionFactor(4).build())
        .priming(PrimeSettingsTest.priming(2, innerLr, 7, 0))
        .metaBatch(2)
        .metaSteps(metaSteps)
        .outerLearningRate(1e-3)
        .outerWarmupRatio(0.1)
        .checkpointEvery(2)
        .keepCheckpoints(2)
        .logEvery(1)
        .stopAfter(stopAfter)
        .deterministic(true)
        .build();
  }

  private static List<Metric> run(PrimeSettings settings, PrimingVariant variant) throws Exception {
    List<Metric> metrics = new ArrayList<>();
    new PrimeRun(settings).run(variant, (m, replayed) -> metrics.add(m));
    return metrics;
  }

  private static List<String> withoutTimes(List<Metric> metrics) {
    return metrics.stream()
        .map(
            m ->
                m.getLang()
                    + "/"
                    + m.getSplit()
                    + "/"
                    + m.getStep()
                    + "/"
                    + m.getName()
                    + "="
                    + Double.doubleToRawLongBits(m.getValue()))
        .toList();
  }

  private Checkpoint finalCheckpoint(String out, PrimingVariant variant) throws Exception {
    return CheckpointReader.read(
        new LocalCheckpointStore(
            dir.resolve(out).resolve(variant.optionName()).resolve("checkpoint")));
  }

  @Test
  void killedAndRestartedRunEndsBitIdenticalToAnUninterruptedOne() throws Exception {
    List<Metric> uninterrupted = run(settings("a", 7, 0, 0.05), PrimingVariant.PRIMED);
    PrimeRun.Stopped stopped =
        assertThrows(
            PrimeRun.Stopped.class, () -> run(settings("b", 7, 3, 0.05), PrimingVariant.PRIMED));
    assertTrue(stopped.getMessage().contains("meta-step 3 of 7"), stopped.getMessage());
    try (Stream<Path> steps = Files.list(dir.resolve("b-work/primed/steps"))) {
      assertEquals(
          List.of("metrics-00000002.avro", "step-00000002"),
          steps.map(p -> p.getFileName().toString()).sorted().toList());
    }
    List<Metric> resumedMetrics = new ArrayList<>();
    PrimeRun.Outcome outcome =
        new PrimeRun(settings("b", 7, 0, 0.05))
            .run(PrimingVariant.PRIMED, (m, replayed) -> resumedMetrics.add(m));
    assertEquals(2, outcome.resumedFrom());
    assertEquals(7, outcome.steps());

    Checkpoint a = finalCheckpoint("a", PrimingVariant.PRIMED);
    Checkpoint b = finalCheckpoint("b", PrimingVariant.PRIMED);
    assertTrue(a.tensors().bitEquals(b.tensors()), "same parameters bit for bit");
    assertEquals(withoutTimes(uninterrupted), withoutTimes(resumedMetrics));
    // primed: encoder only (PEFT initialisation and re-initialised head are not learned)
    assertFalse(a.tensors().names().stream().anyMatch(n -> n.contains(".adapter.")));
    assertFalse(a.tensors().names().stream().anyMatch(n -> n.startsWith("classifier.")));
    assertFalse(a.tensors().names().stream().anyMatch(n -> n.startsWith("cls.")));
    assertEquals(CheckpointKind.BASE, a.manifest().kind());
    assertEquals(7, a.manifest().provenance().path("priming").path("meta_steps").asLong());
    // the encoder moved away from the base
    Checkpoint base = CheckpointReader.read(new LocalCheckpointStore(dir.resolve("base")));
    String w = "bert.encoder.layer.0.attention.self.query.weight";
    assertFalse(base.tensors().require(w).bitEquals(a.tensors().require(w)));
  }

  @Test
  void metricsCoverEveryStepAndLanguage() throws Exception {
    List<Metric> metrics = run(settings("m", 0, 0, 0.05), PrimingVariant.MULTITASK);
    // one pass: 12 episodes / meta-batch 2 = 6 meta-steps
    long steps =
        metrics.stream()
            .filter(
                m ->
                    m.getLang() == null
                        && "query".equals(m.getSplit())
                        && "loss".equals(m.getName())
                        && m.getStep() > 0)
            .count();
    assertEquals(6, steps);
    assertTrue(
        metrics.stream()
            .anyMatch(
                m -> "aa".equals(m.getLang()) && "f1".equals(m.getName()) && m.getStep() > 0));
    assertTrue(
        metrics.stream()
            .anyMatch(m -> m.getStep() == -1 && "loss".equals(m.getName()) && m.getLang() == null));
    metrics.forEach(
        m -> {
          assertEquals("prime", m.getStage());
          assertEquals("multitask", m.getTask());
          assertEquals("adapter-houlsby", m.getMethod());
          assertTrue(Double.isFinite(m.getValue()), m.toString());
        });
    Checkpoint c = finalCheckpoint("m", PrimingVariant.MULTITASK);
    assertTrue(c.tensors().names().stream().anyMatch(n -> n.contains(".adapter.")));
    assertTrue(c.tensors().contains("classifier.weight"));
    assertEquals(LABELS, c.config().labels());
  }

  @Test
  void checkpointsOfOtherSettingsAreNotResumed() throws Exception {
    assertThrows(
        PrimeRun.Stopped.class, () -> run(settings("c", 6, 3, 0.05), PrimingVariant.PRIMED));
    List<Metric> metrics = new ArrayList<>();
    PrimeRun.Outcome outcome =
        new PrimeRun(settings("c", 6, 0, 0.02))
            .run(PrimingVariant.PRIMED, (m, replayed) -> metrics.add(m));
    assertEquals(0, outcome.resumedFrom());
    List<Metric> fresh = run(settings("d", 6, 0, 0.02), PrimingVariant.PRIMED);
    assertEquals(withoutTimes(fresh), withoutTimes(metrics));
  }
}

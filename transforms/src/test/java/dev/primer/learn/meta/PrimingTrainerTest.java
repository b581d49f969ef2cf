package dev.primer.learn.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.primer.learn.data.EncodedBatch;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.model.LoadPolicy;
import dev.primer.learn.model.StateDicts;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.peft.PeftMethod;
import dev.primer.learn.testing.TinyModels;
import dev.primer.learn.train.LearningRateSchedule;
import dev.primer.learn.train.OptimizerState;
import dev.primer.learn.weights.StateDict;
import dev.primer.learn.weights.Tensor;
import dev.primer.schemas.Episode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What each priming variant changes, bit for bit: the inner loop only adapts (copies of) its
 * variant's parameters and never the model; the outer step only updates its variant's parameters;
 * and a run restored from parameters + optimizer state continues bit-identically.
 */
class PrimingTrainerTest {

  private static final int LABELS = 5;

  private static boolean isPeft(String name) {
    return name.contains(".adapter.");
  }

  private static boolean isHead(String name) {
    return name.startsWith("classifier.");
  }

  private static EncoderModel model(NDManager manager) {
    Engine.getInstance().setRandomSeed(11);
    return TinyModels.tagger(
        manager,
        TinyModels.config(),
        PeftConfig.builder(PeftMethod.HOULSBY).setReductionFactor(4).build(),
        LABELS,
        DataType.FLOAT32);
  }

  private static PrimingConfig config(PrimingVariant variant, HeadInit head) {
    return PrimingConfig.builder()
        .optVariant(variant)
        .optHeadInit(head)
        .setInnerLoop(InnerLoopConfig.builder().setSteps(2).setLearningRate(0.1).build())
        .setOuterSchedule(LearningRateSchedule.constant(1e-3))
        .optSeed(5)
        .build();
  }

  private static StateDict snapshot(EncoderModel model) {
    StateDict out = new StateDict();
    try (NDManager m = model.manager().newSubManager()) {
      StateDicts.export(model, m).forEach((name, a) -> out.put(name, Tensor.fromNDArray(a)));
    }
    return out;
  }

  private static Set<String> changed(StateDict before, StateDict after) {
    Set<String> out = new TreeSet<>();
    for (String name : before.names()) {
      if (!before.get(name).bitEquals(after.get(name))) {
        out.add(name);
      }
    }
    return out;
  }

  private static Set<String> names(EncoderModel model, Predicate<String> p) {
    Set<String> out = new TreeSet<>();
    model.parameters().keySet().stream().filter(p).forEach(out::add);
    return out;
  }

  @ParameterizedTest
  @EnumSource(
      value = PrimingVariant.class,
      names = {"PRIMED", "PRIMED_WITH_INIT", "MAML_ALL"})
  void innerLoopAdaptsOnlyItsVariantsParametersAndNeverTheModel(PrimingVariant variant) {
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel model = model(manager);
      try (PrimingTrainer trainer =
          PrimingTrainer.create(model, config(variant, HeadInit.SHARED))) {
        Set<String> expected =
            variant == PrimingVariant.MAML_ALL
                ? names(model, n -> true)
                : names(model, n -> isPeft(n) || isHead(n));
        assertEquals(expected, new TreeSet<>(trainer.innerParameters()));
        StateDict before = snapshot(model);
        Episode episode = Episodes.synthetic(0, "aa", 6, 6, 40, LABELS);
        try (FastParameters fast = FastParameters.copyOf(model, trainer.innerParameters())) {
          StateDict initial = new StateDict();
          fast.values().forEach((n, v) -> initial.put(n, Tensor.fromNDArray(v)));
          model.setTrainable(n -> false);
          InnerLoop.adapt(
              model,
              fast,
              List.of(EncodedBatch.of(episode.getSupport(), 0)),
              trainer.config().inner());
          StateDict adapted = new StateDict();
          fast.values().forEach((n, v) -> adapted.put(n, Tensor.fromNDArray(v)));
          assertEquals(expected, changed(initial, adapted), "every inner parameter adapts");
        }
        assertEquals(Set.of(), changed(before, snapshot(model)), "the model is not touched");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(PrimingVariant.class)
  void outerStepUpdatesOnlyItsVariantsParameters(PrimingVariant variant) {
    for (HeadInit head : HeadInit.values()) {
      try (NDManager manager = NDManager.newBaseManager()) {
        EncoderModel model = model(manager);
        try (PrimingTrainer trainer = PrimingTrainer.create(model, config(variant, head))) {
          Predicate<String> encoder = n -> !isPeft(n) && !isHead(n);
          boolean headLearned = head == HeadInit.SHARED || variant == PrimingVariant.MULTITASK;
          Predicate<String> outer =
              switch (variant) {
                case PRIMED -> encoder;
                case PRIMED_WITH_INIT, MAML_ALL, MULTITASK ->
                    encoder.or(PrimingTrainerTest::isPeft);
              };
          if (headLearned) {
            outer = outer.or(PrimingTrainerTest::isHead);
          }
          Set<String> expected = names(model, outer);
          assertEquals(expected, new TreeSet<>(trainer.outerParameters()), variant + "/" + head);
          StateDict before = snapshot(model);
          MetaStepResult r = trainer.step(0, Episodes.batch(0, 2, 40, LABELS));
          assertTrue(Double.isFinite(r.queryLoss()));
          assertEquals(2, r.episodes().size());
          Set<String> changed = changed(before, snapshot(model));
          if (!headLearned) {
            // a fresh head (weights drawn, bias zero as initialised) for each episode, not learned
            assertTrue(changed.contains("classifier.weight"), changed.toString());
            changed.removeIf(PrimingTrainerTest::isHead);
          }
          assertEquals(expected, changed, variant + "/" + head);
          assertTrue(model.trainableParameters().isEmpty(), "nothing left requiring gradients");
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = PrimingVariant.class,
      names = {"PRIMED", "MULTITASK"})
  void lazyEmbeddingUpdateEqualsTheDenseOneOnTheFirstStepAndSparesUnseenRows(
      PrimingVariant variant) {
    StateDict[] after = new StateDict[2];
    StateDict initial = null;
    for (int lazy = 0; lazy < 2; lazy++) {
      try (NDManager manager = NDManager.newBaseManager()) {
        EncoderModel model = model(manager);
        initial = snapshot(model);
        PrimingConfig config =
            PrimingConfig.builder()
                .optVariant(variant)
                .optHeadInit(HeadInit.SHARED)
                .setInnerLoop(InnerLoopConfig.builder().setSteps(2).setLearningRate(0.1).build())
                .setOuterSchedule(LearningRateSchedule.constant(1e-2))
                .optWeightDecay(0)
                .optMaxGradNorm(0)
                .optLazyEmbeddings(lazy == 1)
                .optSeed(5)
                .build();
        try (PrimingTrainer trainer = PrimingTrainer.create(model, config)) {
          // only ids below 24 occur: rows 24..39 of the table get no gradient
          trainer.step(0, Episodes.batch(0, 2, 24, LABELS));
        }
        after[lazy] = snapshot(model);
      }
    }
    assertTrue(after[0].bitEquals(after[1]), "first step: lazy update = dense update");
    float[] before = initial.require(PrimingTrainer.WORD_EMBEDDINGS).floats();
    float[] lazy = after[1].require(PrimingTrainer.WORD_EMBEDDINGS).floats();
    int width = TinyModels.config().hiddenSize();
    for (int i = 24 * width; i < before.length; i++) {
      assertEquals(before[i], lazy[i], 0f, "unseen subword rows stay");
    }
  }

  /** libtorch's grad mode is on by default in threads other than the one that loaded it. */
  @ParameterizedTest
  @EnumSource(PrimingVariant.class)
  void stepsRunInAFreshThread(PrimingVariant variant) throws Exception {
    Throwable[] failure = new Throwable[1];
    Thread thread =
        new Thread(
            () -> {
              try (NDManager manager = NDManager.newBaseManager()) {
                EncoderModel model = model(manager);
                try (PrimingTrainer trainer =
                    PrimingTrainer.create(model, config(variant, HeadInit.SHARED))) {
                  assertTrue(
                      Double.isFinite(
                          trainer.step(0, Episodes.batch(0, 2, 40, LABELS)).queryLoss()));
                  assertTrue(
                      Double.isFinite(
                          trainer.step(1, Episodes.batch(2, 2, 40, LABELS)).queryLoss()));
                }
              } catch (Throwable t) {
                failure[0] = t;
              }
            });
    thread.start();
    thread.join();
    if (failure[0] != null) {
      throw new AssertionError(variant + " failed in a fresh thread", failure[0]);
    }
  }

  @Test
  void reinitializedHeadDependsOnlyOnSeedAndEpisode() {
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel model = model(manager);
      try (PrimingTrainer trainer =
          PrimingTrainer.create(model, config(PrimingVariant.PRIMED, HeadInit.REINIT))) {
        trainer.reinitializeHead(7);
        StateDict a = snapshot(model).filter(PrimingTrainerTest::isHead);
        trainer.reinitializeHead(8);
        StateDict b = snapshot(model).filter(PrimingTrainerTest::isHead);
        trainer.reinitializeHead(7);
        StateDict c = snapshot(model).filter(PrimingTrainerTest::isHead);
        assertTrue(a.bitEquals(c));
        assertFalse(a.bitEquals(b));
        float[] bias = a.require("classifier.bias").floats();
        for (float v : bias) {
          assertEquals(0f, v);
        }
      }
    }
  }

  @Test
  void restoredParametersAndOptimizerStateContinueBitIdentically() throws Exception {
    PrimingConfig config = config(PrimingVariant.PRIMED, HeadInit.REINIT);
    int steps = 4;
    StateDict uninterrupted;
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel model = model(manager);
      try (PrimingTrainer trainer = PrimingTrainer.create(model, config)) {
        for (int s = 0; s < steps; s++) {
          trainer.step(s, Episodes.batch(2L * s, 2, 40, LABELS));
        }
      }
      uninterrupted = snapshot(model);
    }
    StateDict saved;
    byte[] optimizer;
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel model = model(manager);
      try (PrimingTrainer trainer = PrimingTrainer.create(model, config)) {
        for (int s = 0; s < 2; s++) {
          trainer.step(s, Episodes.batch(2L * s, 2, 40, LABELS));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OptimizerState.write(trainer.optimizer(), out);
        optimizer = out.toByteArray();
      }
      saved = snapshot(model);
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(999);
      EncoderModel model =
          TinyModels.tagger(
              manager,
              TinyModels.config(),
              PeftConfig.builder(PeftMethod.HOULSBY).setReductionFactor(4).build(),
              LABELS,
              DataType.FLOAT32);
      try (NDManager m = manager.newSubManager()) {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        saved.toNDList(m).forEach(a -> tensors.put(a.getName(), a));
        StateDicts.load(model, tensors, LoadPolicy.strict());
      }
      try (PrimingTrainer trainer = PrimingTrainer.create(model, config)) {
        OptimizerState.read(trainer.optimizer(), new ByteArrayInputStream(optimizer), "state");
        assertEquals(2, trainer.optimizer().steps());
        for (int s = 2; s < steps; s++) {
          trainer.step(s, Episodes.batch(2L * s, 2, 40, LABELS));
        }
      }
      StateDict resumed = snapshot(model);
      assertEquals(Set.of(), changed(uninterrupted, resumed));
      assertTrue(uninterrupted.bitEquals(resumed));
    }
  }

  @Test
  void optimizerStateForeignToTheOptimizerIsRefused() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel model = model(manager);
      byte[] state;
      try (PrimingTrainer trainer =
          PrimingTrainer.create(model, config(PrimingVariant.PRIMED_WITH_INIT, HeadInit.SHARED))) {
        trainer.step(0, Episodes.batch(0, 1, 40, LABELS));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OptimizerState.write(trainer.optimizer(), out);
        state = out.toByteArray();
      }
      try (PrimingTrainer trainer =
          PrimingTrainer.create(model, config(PrimingVariant.PRIMED, HeadInit.REINIT))) {
        IllegalArgumentException e =
            assertThrows(
                IllegalArgumentException.class,
                () ->
                    OptimizerState.read(
                        trainer.optimizer(), new ByteArrayInputStream(state), "state"));
        assertTrue(e.getMessage().contains("does not update"), e.getMessage());
      }
    }
  }

  @Test
  void fullFineTuningCannotBePrimed() {
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel model =
          TinyModels.tagger(
              manager, TinyModels.config(), PeftConfig.full(), LABELS, DataType.FLOAT32);
      assertThrows(
          IllegalArgumentException.class,
          () -> PrimingTrainer.create(model, config(PrimingVariant.PRIMED, HeadInit.REINIT)));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = PrimingVariant.class,
      names = {"PRIMED", "MULTITASK"})
  void primingLowersTheQueryLoss(PrimingVariant variant) {
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel model = model(manager);
      PrimingConfig config =
          PrimingConfig.builder()
              .optVariant(variant)
              .setInnerLoop(InnerLoopConfig.builder().setSteps(2).setLearningRate(0.05).build())
              .setOuterSchedule(LearningRateSchedule.constant(3e-3))
              .build();
      double early = 0;
      double late = 0;
      int steps = 40;
      try (PrimingTrainer trainer = PrimingTrainer.create(model, config)) {
        for (int s = 0; s < steps; s++) {
          double loss = trainer.step(s, Episodes.batch(2L * s, 2, 40, LABELS)).queryLoss();
          if (s < 8) {
            early += loss / 8;
          } else if (s >= steps - 8) {
            late += loss / 8;
          }
        }
      }
      assertTrue(late < 0.85 * early, variant + ": query loss " + early + " -> " + late);
    }
  }

  @Test
  void queryPredictionsCoverEveryQueryWord() {
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel model = model(manager);
      try (PrimingTrainer trainer =
          PrimingTrainer.create(model, config(PrimingVariant.PRIMED, HeadInit.REINIT))) {
        List<Episode> batch = Episodes.batch(0, 2, 40, LABELS);
        MetaStepResult r = trainer.step(0, batch);
        for (int e = 0; e < batch.size(); e++) {
          EpisodeResult er = r.episodes().get(e);
          assertEquals(batch.get(e).getQuery().size(), er.queryGold().size());
          assertEquals(batch.get(e).getLang(), er.lang());
          Set<Integer> predicted = new HashSet<>();
          for (int i = 0; i < er.queryGold().size(); i++) {
            assertEquals(er.queryGold().get(i).length, er.queryPredicted().get(i).length);
            assertEquals(
                batch.get(e).getQuery().get(i).getNumWords(), er.queryGold().get(i).length);
            for (int p : er.queryPredicted().get(i)) {
              predicted.add(p);
            }
          }
          predicted.forEach(p -> assertTrue(p >= 0 && p < LABELS));
        }
      }
    }
  }
}

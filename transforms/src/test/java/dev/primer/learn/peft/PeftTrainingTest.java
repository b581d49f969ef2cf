package dev.primer.learn.peft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import dev.primer.learn.model.EncoderConfig;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.testing.Sentences;
import dev.primer.learn.testing.TinyModels;
import dev.primer.learn.train.TaggerTrainer;
import dev.primer.learn.train.TaggingEvaluation;
import dev.primer.learn.train.TokenAccuracyEvaluator;
import dev.primer.learn.train.TrainingConfig;
import dev.primer.schemas.EncodedSentence;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each PEFT method trains only its own parameters and the head, and learns a simple task. */
class PeftTrainingTest {

  private static final int LABELS = 5;

  static Stream<PeftConfig> methods() {
    return Stream.of(
        PeftConfig.full(),
        PeftConfig.builder(PeftMethod.HOULSBY).setReductionFactor(4).build(),
        PeftConfig.builder(PeftMethod.PFEIFFER).setReductionFactor(4).build(),
        PeftConfig.builder(PeftMethod.LORA)
            .setLoraRank(4)
            .setLoraTargets(EnumSet.allOf(LoraTarget.class))
            .build(),
        PeftConfig.builder(PeftMethod.PREFIX).setPrefixLength(4).build(),
        PeftConfig.builder(PeftMethod.PREFIX)
            .setPrefixLength(4)
            .setPrefixProjection(true)
            .setPrefixHiddenSize(16)
            .build(),
        PeftConfig.builder(PeftMethod.BITFIT).build());
  }

  @ParameterizedTest
  @MethodSource("methods")
  void updatesChangeOnlyPeftAndHeadParameters(PeftConfig peft) {
    Engine.getInstance().setRandomSeed(1);
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel model =
          TinyModels.tagger(manager, TinyModels.config(), peft, LABELS, DataType.FLOAT32);
      Map<String, NDArray> before = new HashMap<>();
      for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
        before.put(e.getKey(), e.getValue().getArray().duplicate());
      }
      TaggerTrainer trainer =
          TaggerTrainer.builder()
              .setModel(model)
              .setConfig(
                  TrainingConfig.builder()
                      .setMaxSteps(3)
                      .setBatchSize(8)
                      .setLearningRate(1e-2)
                      .setWeightDecay(0.01)
                      .build())
              .optLogLabel(null)
              .build();
      trainer.train(Sentences.synthetic(24, 40, LABELS, 3, 8, 5));

      int trainable = 0;
      for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
        String name = e.getKey();
        // Bit comparison (contentEquals would let -0.0 == 0.0 through).
        boolean changed =
            !java.util.Arrays.equals(
                e.getValue().getArray().toByteArray(), before.get(name).toByteArray());
        boolean expected = TrainableParameters.predicate(peft.method()).test(name);
        if (expected) {
          trainable++;
          assertTrue(changed, name + " should have been updated");
          assertTrue(e.getValue().requiresGradient(), name + " should require gradients");
        } else {
          assertFalse(changed, name + " is frozen but changed");
          assertFalse(e.getValue().requiresGradient(), name + " is frozen but requires gradients");
        }
      }
      assertTrue(trainable >= 2, "at least the head trains");
      if (peft.method() != PeftMethod.FULL) {
        ParameterReport report = ParameterReport.of(model);
        assertTrue(report.trainablePercent() < 50, report.toString());
        assertEquals(report.groups().get("head").total(), report.groups().get("head").trainable());
        long embeddingsTrainable = report.groups().get("embeddings").trainable();
        // BitFit trains the embedding LayerNorm's bias; no other method touches embeddings.
        assertEquals(
            peft.method() == PeftMethod.BITFIT ? model.config().hiddenSize() : 0,
            embeddingsTrainable);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("methods")
  void learnsSyntheticTaggingFromFrozenRandomEncoder(PeftConfig peft) {
    Engine.getInstance().setRandomSeed(2);
    EncoderConfig config = TinyModels.config();
    List<EncodedSentence> train = Sentences.synthetic(320, config.vocabSize(), LABELS, 4, 10, 21);
    List<EncodedSentence> dev = Sentences.synthetic(64, config.vocabSize(), LABELS, 4, 10, 22);
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel model = TinyModels.tagger(manager, config, peft, LABELS, DataType.FLOAT32);
      double rate = peft.method() == PeftMethod.FULL ? 3e-3 : 2e-2;
      TrainingConfig training =
          TrainingConfig.builder()
              .setEpochs(8)
              .setBatchSize(16)
              .setLearningRate(rate)
              .setWarmupRatio(0.05)
              .setLogEvery(20)
              .build();
      TaggerTrainer trainer =
          TaggerTrainer.builder()
              .setModel(model)
              .setConfig(training)
              .optDevSet(dev)
              .optLogLabel(peft.method().jsonName())
              .build();
      TaggingEvaluation initial = trainer.evaluate(dev);
      trainer.train(train);
      TaggingEvaluation trained = trainer.evaluate(dev);

      double majority = majorityBaseline(initial.gold());
      assertTrue(
          trained.loss() < 0.5 * initial.loss(),
          "loss " + initial.loss() + " -> " + trained.loss());
      assertTrue(
          trained.score() > majority + 0.3,
          "accuracy " + trained.score() + " vs majority " + majority);
      assertEquals(
          trained.score(), new TokenAccuracyEvaluator().score(trained.gold(), trained.predicted()));
    }
  }

  private static double majorityBaseline(List<int[]> gold) {
    int[] counts = new int[LABELS];
    int total = 0;
    for (int[] g : gold) {
      for (int tag : g) {
        counts[tag]++;
        total++;
      }
    }
    int max = 0;
    for (int c : counts) {
      max = Math.max(max, c);
    }
    return (double) max / total;
  }
}

package dev.primer.learn.meta;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.peft.PeftMethod;
import dev.primer.learn.testing.Sentences;
import dev.primer.learn.testing.TinyModels;
import dev.primer.learn.train.LearningRateSchedule;
import dev.primer.schemas.EncodedSentence;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetaLearnerTest {

  @Test
  void firstOrderMetaStepsLowerTheQueryLoss() {
    Engine.getInstance().setRandomSeed(3);
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel model =
          TinyModels.tagger(
              manager,
              TinyModels.config(),
              PeftConfig.builder(PeftMethod.HOULSBY).setReductionFactor(4).build(),
              5,
              DataType.FLOAT32);
      NDArray encoderBefore =
          model.parameter("bert.encoder.layer.0.intermediate.dense.weight").getArray().duplicate();
      double early = 0;
      double late = 0;
      try (MetaLearner learner =
          MetaLearner.builder()
              .setModel(model)
              .setInnerLoop(InnerLoopConfig.builder().setSteps(3).setLearningRate(0.05).build())
              .setOuterSchedule(LearningRateSchedule.constant(3e-3))
              .build()) {
        assertTrue(learner.innerParameters().contains("classifier.weight"));
        assertFalse(learner.innerParameters().contains("bert.embeddings.LayerNorm.weight"));
        int steps = 60;
        for (int i = 0; i < steps; i++) {
          List<EncodedSentence> support = Sentences.synthetic(8, 40, 5, 3, 8, 1000 + i);
          List<EncodedSentence> query = Sentences.synthetic(8, 40, 5, 3, 8, 5000 + i);
          MetaLearner.StepResult r = learner.step(support, query);
          assertTrue(Double.isFinite(r.queryLoss()));
          if (i < 10) {
            early += r.queryLoss() / 10;
          } else if (i >= steps - 10) {
            late += r.queryLoss() / 10;
          }
        }
      }
      assertTrue(late < 0.8 * early, "query loss " + early + " -> " + late);
      assertFalse(
          model
              .parameter("bert.encoder.layer.0.intermediate.dense.weight")
              .getArray()
              .contentEquals(encoderBefore),
          "the outer step updates the encoder");
      assertTrue(model.trainableParameters().isEmpty(), "nothing left requiring gradients");
    }
  }
}

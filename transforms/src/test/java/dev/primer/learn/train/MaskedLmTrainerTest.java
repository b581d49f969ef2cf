package dev.primer.learn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.primer.learn.data.MlmMasker;
import dev.primer.learn.model.EncoderConfig;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.testing.Sentences;
import dev.primer.learn.testing.TinyModels;
import dev.primer.schemas.EncodedSentence;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MaskedLmTrainerTest {

  private static final int MASK = 3;

  /** Each sentence repeats one id: a masked id is predictable from the rest of the sentence. */
  private static List<EncodedSentence> counting(int count, int vocab, long seed) {
    Random random = new Random(seed);
    List<EncodedSentence> out = new ArrayList<>();
    int range = vocab - Sentences.FIRST_WORD;
    for (int s = 0; s < count; s++) {
      int words = 6 + random.nextInt(8);
      int start = random.nextInt(range);
      int[] ids = new int[words + 2];
      int[] labels = new int[words + 2];
      int[] wordIds = new int[words + 2];
      ids[0] = Sentences.CLS;
      wordIds[0] = -1;
      labels[0] = -100;
      for (int w = 0; w < words; w++) {
        ids[w + 1] = Sentences.FIRST_WORD + start;
        wordIds[w + 1] = w;
        labels[w + 1] = -100;
      }
      ids[words + 1] = Sentences.SEP;
      wordIds[words + 1] = -1;
      labels[words + 1] = -100;
      out.add(Sentences.encoded("m" + s, ids, labels, wordIds));
    }
    return out;
  }

  @Test
  void pretrainingFromScratchLowersTheMaskedLmLoss() {
    Engine.getInstance().setRandomSeed(4);
    EncoderConfig config = TinyModels.config();
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel model = EncoderModel.builder().setConfig(config).optMaskedLm().build();
      model.initialize(manager, DataType.FLOAT32);
      assertFalse(
          model.parameters().keySet().stream().anyMatch(n -> n.contains("decoder")),
          "decoder is tied to the word embeddings, not a separate tensor");
      List<EncodedSentence> dev = counting(64, config.vocabSize(), 2);
      MaskedLmTrainer trainer =
          MaskedLmTrainer.builder()
              .setModel(model)
              .setConfig(
                  TrainingConfig.builder()
                      .setMaxSteps(200)
                      .setBatchSize(16)
                      .setLearningRate(3e-3)
                      .setWarmupRatio(0.05)
                      .setEvalEvery(100)
                      .setLogEvery(50)
                      .build())
              .setMasker(new MlmMasker(0.15, MASK, config.vocabSize()))
              .optDevSet(dev)
              .build();
      double before = trainer.evaluateLoss(dev);
      TrainingResult result = trainer.train(counting(600, config.vocabSize(), 1));
      double after = trainer.evaluateLoss(dev);
      assertEquals(200, result.steps());
      assertEquals(2, result.evaluations().size());
      assertNotNull(result.best());
      assertTrue(before > 3.0, "initial loss near ln(40): " + before);
      assertTrue(after < 0.5 * before, "masked-LM loss " + before + " -> " + after);
      assertEquals(-result.best().score(), after, 1e-9, "best parameters restored");
    }
  }
}

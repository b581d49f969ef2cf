package dev.primer.learn.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.primer.learn.data.EncodedBatch;
import dev.primer.learn.data.MaskedLmBatch;
import dev.primer.learn.data.MlmMasker;
import dev.primer.learn.peft.LoraTarget;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.peft.PeftMethod;
import dev.primer.learn.testing.Sentences;
import dev.primer.learn.testing.TinyModels;
import dev.primer.learn.train.DeviceLocks;
import dev.primer.learn.train.MaskedLmLoss;
import dev.primer.learn.train.TaggingLoss;
import dev.primer.learn.util.TorchOps;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Back-propagated gradients against central finite differences, in float64, dropout off. */
class GradientCheckTest {

  private static final double STEP = 1e-5;

  static Stream<PeftConfig> configs() {
    return Stream.of(
        PeftConfig.full(),
        PeftConfig.builder(PeftMethod.HOULSBY).setReductionFactor(4).build(),
        PeftConfig.builder(PeftMethod.LORA)
            .setLoraRank(2)
            .setLoraTargets(EnumSet.allOf(LoraTarget.class))
            .build(),
        PeftConfig.builder(PeftMethod.PREFIX)
            .setPrefixLength(2)
            .setPrefixProjection(true)
            .setPrefixHiddenSize(8)
            .build());
  }

  @ParameterizedTest
  @MethodSource("configs")
  void backpropMatchesFiniteDifferences(PeftConfig peft) {
    Engine.getInstance().setRandomSeed(7);
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderConfig config = TinyModels.config().withoutDropout();
      EncoderModel model = TinyModels.tagger(manager, config, peft, 5, DataType.FLOAT64);
      // LoRA's B starts at zero, which would make A's gradient vanish: randomise B.
      for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
        if (e.getKey().contains("lora_B")) {
          NDArray a = e.getValue().getArray();
          a.addi(manager.randomNormal(0, 0.1f, a.getShape(), DataType.FLOAT64));
        }
      }
      model.setTrainable(n -> true);
      EncodedBatch batch =
          EncodedBatch.of(Sentences.synthetic(2, config.vocabSize(), 5, 3, 7, 11), 0);
      assertGradientsMatch(
          model, batch, (store, m) -> TaggingLoss.compute(model, store, batch, m, false), manager);
    }
  }

  @Test
  void maskedLmGradientsIncludingTiedDecoderMatchFiniteDifferences() {
    Engine.getInstance().setRandomSeed(8);
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderConfig config = TinyModels.config().withoutDropout();
      EncoderModel model = EncoderModel.builder().setConfig(config).optMaskedLm().build();
      model.initialize(manager, DataType.FLOAT64);
      model.setTrainable(n -> true);
      EncodedBatch batch =
          EncodedBatch.of(Sentences.synthetic(2, config.vocabSize(), 5, 4, 7, 12), 0);
      MaskedLmBatch masked =
          new MlmMasker(0.4, 3, config.vocabSize()).mask(batch, new SplittableRandom(5));
      assertGradientsMatch(
          model,
          batch,
          (store, m) -> MaskedLmLoss.compute(model, store, masked, m, false),
          manager);
    }
  }

  private static void assertGradientsMatch(
      EncoderModel model,
      EncodedBatch batch,
      BiFunction<ParameterStore, NDManager, NDArray> loss,
      NDManager manager) {
    try (NDManager step = manager.newSubManager()) {
      try (DeviceLocks.Recording recording = DeviceLocks.recordGradients()) {
        recording.backward(loss.apply(new FastWeights(), step));
      }
    }
    Random random = new Random(3);
    int checked = 0;
    double worst = 0;
    String worstName = "";
    for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
      Parameter p = e.getValue();
      double[] grad = p.getArray().getGradient().toDoubleArray();
      for (int k : entriesToCheck(e.getKey(), p.getShape(), batch, random)) {
        double numeric =
            (lossWith(p, k, STEP, loss, manager) - lossWith(p, k, -STEP, loss, manager))
                / (2 * STEP);
        double scale = Math.max(1e-5, Math.max(Math.abs(numeric), Math.abs(grad[k])));
        double error = Math.abs(grad[k] - numeric) / scale;
        if (error > worst) {
          worst = error;
          worstName = e.getKey() + "[" + k + "] analytic " + grad[k] + " numeric " + numeric;
        }
        checked++;
      }
    }
    assertTrue(checked > 40, "checked only " + checked + " entries");
    assertTrue(worst < 1e-5, "worst relative error " + worst + " at " + worstName);
  }

  /** Two random entries per tensor; embedding rows restricted to ids/positions that occur. */
  private static List<Integer> entriesToCheck(
      String name, Shape shape, EncodedBatch batch, Random random) {
    List<Integer> out = new ArrayList<>();
    int size = (int) shape.size();
    int cols = shape.dimension() == 2 ? (int) shape.get(1) : 1;
    for (int i = 0; i < 2; i++) {
      if (name.endsWith("word_embeddings.weight")) {
        int row = (int) batch.inputIds()[random.nextInt(batch.lengths()[0])];
        out.add(row * cols + random.nextInt(cols));
      } else if (name.endsWith("position_embeddings.weight")) {
        out.add(random.nextInt(batch.lengths()[0]) * cols + random.nextInt(cols));
      } else if (name.endsWith("token_type_embeddings.weight")) {
        out.add(random.nextInt(cols));
      } else {
        out.add(random.nextInt(size));
      }
    }
    return out;
  }

  private static double lossWith(
      Parameter p,
      int flatIndex,
      double delta,
      BiFunction<ParameterStore, NDManager, NDArray> loss,
      NDManager manager) {
    try (NDManager temp = manager.newSubManager()) {
      NDArray perturbed = p.getArray().duplicate();
      perturbed.attach(temp);
      NDArray flat = perturbed.reshape(-1);
      double current = flat.get(flatIndex).toDoubleArray()[0];
      flat.set(new NDIndex(flatIndex), current + delta);
      return TorchOps.toDouble(loss.apply(new FastWeights().put(p, perturbed), temp));
    }
  }
}

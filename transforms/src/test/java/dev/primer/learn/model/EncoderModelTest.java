package dev.primer.learn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.primer.learn.peft.LoraTarget;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.peft.PeftMethod;
import dev.primer.learn.testing.TinyModels;
import java.util.EnumSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EncoderModelTest {

  static Stream<PeftConfig> peftConfigs() {
    return Stream.of(
        PeftConfig.full(),
        PeftConfig.builder(PeftMethod.HOULSBY).setReductionFactor(4).build(),
        PeftConfig.builder(PeftMethod.PFEIFFER).setReductionFactor(4).build(),
        PeftConfig.builder(PeftMethod.LORA)
            .setLoraRank(2)
            .setLoraTargets(EnumSet.allOf(LoraTarget.class))
            .build(),
        PeftConfig.builder(PeftMethod.PREFIX).setPrefixLength(3).build(),
        PeftConfig.builder(PeftMethod.PREFIX)
            .setPrefixLength(3)
            .setPrefixProjection(true)
            .setPrefixHiddenSize(16)
            .build(),
        PeftConfig.builder(PeftMethod.BITFIT).build());
  }

  @ParameterizedTest
  @MethodSource("peftConfigs")
  void outputsHaveExpectedShapes(PeftConfig peft) {
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel model =
          TinyModels.tagger(manager, TinyModels.config(), peft, 5, DataType.FLOAT32);
      ModelInputs inputs = TinyModels.inputs(manager, model, new int[][] {{2, 5, 7, 3}, {2, 9, 3}});
      NDArray hidden = TinyModels.encode(model, inputs);
      assertEquals(new Shape(2, 4, 32), hidden.getShape());
      NDArray logits = model.tokenLogits(new FastWeights(), inputs, true);
      assertEquals(new Shape(2, 4, 5), logits.getShape());
    }
  }

  @ParameterizedTest
  @MethodSource("peftConfigs")
  void paddingDoesNotChangeRealTokens(PeftConfig peft) {
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel model =
          TinyModels.tagger(manager, TinyModels.config(), peft, 5, DataType.FLOAT32);
      // Make PEFT modules non-trivial so they take part in the comparison.
      for (String name : model.parameters().keySet()) {
        if (name.contains("lora_B") || name.startsWith("prefix.")) {
          NDArray a = model.parameter(name).getArray();
          a.addi(manager.randomNormal(0, 0.2f, a.getShape(), DataType.FLOAT32));
        }
      }
      int[] sentence = {2, 11, 17, 5, 3};
      NDArray alone =
          TinyModels.encode(model, TinyModels.inputs(manager, model, new int[][] {sentence}));
      NDArray batched =
          TinyModels.encode(
              model,
              TinyModels.inputs(
                  manager, model, new int[][] {{2, 8, 9, 10, 11, 12, 13, 14, 3}, sentence}));
      NDArray mine = batched.get(new NDIndex("1, 0:5, :"));
      float[] expected = alone.get(new NDIndex("0")).toFloatArray();
      float[] actual = mine.toFloatArray();
      assertEquals(expected.length, actual.length);
      double maxDiff = 0;
      for (int i = 0; i < expected.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
      }
      assertTrue(maxDiff < 1e-5, "padding changed real outputs by " + maxDiff);
      // Sanity: the pad id itself would change the outputs if it were attended to.
      NDArray attended =
          TinyModels.encode(
              model,
              TinyModels.inputs(manager, model, new int[][] {{2, 11, 17, 5, 3, 0, 0, 0, 0}}));
      float[] leaked = attended.get(new NDIndex("0, 0:5, :")).toFloatArray();
      double leakDiff = 0;
      for (int i = 0; i < expected.length; i++) {
        leakDiff = Math.max(leakDiff, Math.abs(expected[i] - leaked[i]));
      }
      assertTrue(leakDiff > 1e-4, "control failed: attended pads should change outputs");
    }
  }

  @ParameterizedTest
  @MethodSource("peftConfigs")
  void freshPeftModulesStartNearTheBaseModel(PeftConfig peft) {
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel base =
          TinyModels.tagger(manager, TinyModels.config(), PeftConfig.full(), 5, DataType.FLOAT32);
      EncoderModel adapted =
          TinyModels.tagger(manager, TinyModels.config(), peft, 5, DataType.FLOAT32);
      StateDicts.load(adapted, StateDicts.export(base, manager), LoadPolicy.pretrainedEncoder());
      ModelInputs inputs = TinyModels.inputs(manager, base, new int[][] {{2, 5, 7, 3}});
      float[] a = TinyModels.encode(base, inputs).toFloatArray();
      float[] b =
          TinyModels.encode(
                  adapted, TinyModels.inputs(manager, adapted, new int[][] {{2, 5, 7, 3}}))
              .toFloatArray();
      double maxDiff = 0;
      for (int i = 0; i < a.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
      }
      if (peft.method() == PeftMethod.PREFIX) {
        // Prefixes add attention slots, so outputs move; they must still be finite.
        assertTrue(Double.isFinite(maxDiff));
      } else if (peft.method() == PeftMethod.LORA
          || peft.method() == PeftMethod.FULL
          || peft.method() == PeftMethod.BITFIT) {
        assertArrayEquals(a, b, 0f, "LoRA (B = 0) and non-adapter methods start exactly equal");
      } else {
        assertTrue(maxDiff < 0.05, "adapters should start near identity, diff " + maxDiff);
      }
    }
  }
}

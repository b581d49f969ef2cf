package dev.primer.learn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleAndClippingTest {

  @Test
  void linearWarmupDecayMatchesHuggingFace() {
    LinearWarmupDecay schedule = new LinearWarmupDecay(1.0, 2, 10);
    double[] expected = {
      0, 0.5, 1, 7.0 / 8, 6.0 / 8, 5.0 / 8, 4.0 / 8, 3.0 / 8, 2.0 / 8, 1.0 / 8, 0, 0
    };
    for (int s = 0; s < expected.length; s++) {
      assertEquals(expected[s], schedule.rate(s), 1e-12, "step " + s);
    }
    LinearWarmupDecay noWarmup = new LinearWarmupDecay(2.0, 0, 4);
    assertEquals(2.0, noWarmup.rate(0), 1e-12);
    assertEquals(1.0, noWarmup.rate(2), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> new LinearWarmupDecay(1, 5, 4));
  }

  @Test
  void globalNormAndScale() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray a = manager.create(new float[] {3f, 0f}, new Shape(1, 2));
      NDArray b = manager.create(new float[] {4f});
      double norm = GradientClipping.globalNorm(List.of(a, b));
      assertEquals(5.0, norm, 1e-6);
      assertEquals(1.0 / (5.0 + 1e-6), GradientClipping.scale(norm, 1.0), 1e-12);
      assertEquals(1.0, GradientClipping.scale(norm, 10.0), 0.0);
      assertEquals(1.0, GradientClipping.scale(norm, 0.0), 0.0);
    }
  }

  @Test
  void weightDecayExcludesBiasesAndLayerNorm() {
    assertTrue(ModelOptimizer.decays("bert.encoder.layer.0.intermediate.dense.weight"));
    assertTrue(ModelOptimizer.decays("bert.encoder.layer.0.attention.self.query.lora_A.weight"));
    assertFalse(ModelOptimizer.decays("bert.encoder.layer.0.output.dense.bias"));
    assertFalse(ModelOptimizer.decays("bert.encoder.layer.0.output.LayerNorm.weight"));
    assertFalse(ModelOptimizer.decays("bert.embeddings.LayerNorm.weight"));
  }
}

package dev.primer.learn.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import dev.primer.learn.data.EncodedBatch;
import dev.primer.learn.model.EncoderConfig;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.peft.PeftMethod;
import dev.primer.learn.peft.TrainableParameters;
import dev.primer.learn.testing.Sentences;
import dev.primer.learn.testing.TinyModels;
import dev.primer.learn.train.DeviceLocks;
import dev.primer.learn.train.TaggingLoss;
import dev.primer.learn.util.TorchOps;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * First- and second-order meta-gradients against central finite differences of their definitions,
 * in float64 on a tiny model with dropout off.
 */
class MetaGradientsTest {

  private static final double STEP = 1e-5;

  @Test
  void firstAndSecondOrderMetaGradientsMatchFiniteDifferences() {
    checkAgainstFiniteDifferences(TrainableParameters.predicate(PeftMethod.HOULSBY));
  }

  /** maml-all: the inner loop adapts every parameter, the outer step learns all initialisations. */
  @Test
  void metaGradientsOfAnInnerLoopOverAllParametersMatchFiniteDifferences() {
    checkAgainstFiniteDifferences(n -> true);
  }

  private static void checkAgainstFiniteDifferences(Predicate<String> innerPredicate) {
    Engine.getInstance().setRandomSeed(13);
    EncoderConfig config = TinyModels.config().withoutDropout();
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel model =
          TinyModels.tagger(
              manager,
              config,
              PeftConfig.builder(PeftMethod.HOULSBY).setReductionFactor(4).build(),
              5,
              DataType.FLOAT64);
      List<String> inner = new ArrayList<>();
      model.parameters().keySet().stream().filter(innerPredicate).forEach(inner::add);
      List<String> outer = new ArrayList<>(MetaGradients.complement(model, inner));
      outer.addAll(inner);
      List<EncodedBatch> support =
          List.of(
              EncodedBatch.of(Sentences.synthetic(2, config.vocabSize(), 5, 3, 6, 31), 0),
              EncodedBatch.of(Sentences.synthetic(2, config.vocabSize(), 5, 3, 6, 32), 0));
      EncodedBatch query =
          EncodedBatch.of(Sentences.synthetic(3, config.vocabSize(), 5, 3, 6, 33), 0);
      InnerLoopConfig innerConfig =
          InnerLoopConfig.builder().setSteps(3).setLearningRate(0.5).optDropout(false).build();

      MetaGradients.Result first =
          MetaGradients.compute(
              model, inner, outer, support, query, innerConfig, MetaOrder.FIRST, manager);
      MetaGradients.Result second =
          MetaGradients.compute(
              model, inner, outer, support, query, innerConfig, MetaOrder.SECOND, manager);
      assertEquals(first.queryLoss(), second.queryLoss(), 1e-10, "same forward values");

      Random random = new Random(5);
      String[] checked = {
        "bert.embeddings.LayerNorm.weight",
        "bert.embeddings.position_embeddings.weight",
        "bert.encoder.layer.0.attention.self.value.weight",
        "bert.encoder.layer.0.attention.output.dense.weight",
        "bert.encoder.layer.1.intermediate.dense.bias",
        "bert.encoder.layer.1.output.LayerNorm.bias",
        "bert.encoder.layer.0.output.adapter.down.weight",
        "bert.encoder.layer.1.attention.output.adapter.up.bias",
        "classifier.weight"
      };
      double worstFirst = 0;
      double worstSecond = 0;
      double largestOrderGap = 0;
      for (String name : checked) {
        Parameter p = model.parameter(name);
        double[] g1 = first.gradients().get(name).toDoubleArray();
        double[] g2 = second.gradients().get(name).toDoubleArray();
        boolean isInner = inner.contains(name);
        for (int i = 0; i < 3; i++) {
          int k =
              name.contains("position_embeddings")
                  ? random.nextInt(4 * config.hiddenSize())
                  : random.nextInt((int) p.getShape().size());
          double fdSecond =
              (metaObjective(model, p, k, STEP, support, query, innerConfig, inner)
                      - metaObjective(model, p, k, -STEP, support, query, innerConfig, inner))
                  / (2 * STEP);
          double fdFirst =
              (firstOrderObjective(model, p, k, STEP, isInner, support, query, innerConfig, inner)
                      - firstOrderObjective(
                          model, p, k, -STEP, isInner, support, query, innerConfig, inner))
                  / (2 * STEP);
          worstSecond = Math.max(worstSecond, relative(g2[k], fdSecond));
          worstFirst = Math.max(worstFirst, relative(g1[k], fdFirst));
          largestOrderGap = Math.max(largestOrderGap, relative(g1[k], g2[k]));
        }
      }
      assertTrue(worstSecond < 1e-5, "second-order meta-gradient error " + worstSecond);
      assertTrue(worstFirst < 1e-5, "first-order meta-gradient error " + worstFirst);
      assertTrue(largestOrderGap > 1e-2, "orders should differ, gap " + largestOrderGap);
    }
  }

  private static double relative(double a, double b) {
    return Math.abs(a - b) / Math.max(1e-6, Math.max(Math.abs(a), Math.abs(b)));
  }

  /** F = L_q after the inner loop, with entry k of p shifted by delta (restored afterwards). */
  private static double metaObjective(
      EncoderModel model,
      Parameter p,
      int k,
      double delta,
      List<EncodedBatch> support,
      EncodedBatch query,
      InnerLoopConfig config,
      List<String> inner) {
    NDArray saved = p.getArray().duplicate();
    try {
      shift(p.getArray(), k, delta);
      try (FastParameters fast = FastParameters.copyOf(model, inner)) {
        model.setTrainable(n -> false);
        InnerLoop.adapt(model, fast, support, config);
        return queryLoss(model, fast, query);
      }
    } finally {
      TorchOps.copyInto(p.getArray(), saved);
      saved.close();
    }
  }

  /** L_q(theta, phi_k) with phi_k adapted at the unperturbed point, then entry k shifted. */
  private static double firstOrderObjective(
      EncoderModel model,
      Parameter p,
      int k,
      double delta,
      boolean isInner,
      List<EncodedBatch> support,
      EncodedBatch query,
      InnerLoopConfig config,
      List<String> inner) {
    try (FastParameters fast = FastParameters.copyOf(model, inner)) {
      model.setTrainable(n -> false);
      InnerLoop.adapt(model, fast, support, config);
      NDArray target = isInner ? fast.value(nameOf(model, p)) : p.getArray();
      NDArray saved = target.duplicate();
      try {
        shift(target, k, delta);
        return queryLoss(model, fast, query);
      } finally {
        TorchOps.copyInto(target, saved);
        saved.close();
      }
    }
  }

  private static String nameOf(EncoderModel model, Parameter p) {
    return model.parameters().entrySet().stream()
        .filter(e -> e.getValue() == p)
        .findFirst()
        .orElseThrow()
        .getKey();
  }

  private static void shift(NDArray array, int k, double delta) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray copy = array.duplicate();
      NDArray flat = copy.reshape(-1);
      double current = flat.get(k).toDoubleArray()[0];
      flat.set(new NDIndex(k), current + delta);
      TorchOps.copyInto(array, copy);
    }
  }

  private static double queryLoss(EncoderModel model, FastParameters fast, EncodedBatch query) {
    try (DeviceLocks.Lease lease = DeviceLocks.lease(model.device());
        NDScope scope = new NDScope();
        NDManager step = model.manager().newSubManager()) {
      scope.suppressNotUsedWarning();
      return TorchOps.toDouble(TaggingLoss.compute(model, fast.store(), query, step, false));
    }
  }
}

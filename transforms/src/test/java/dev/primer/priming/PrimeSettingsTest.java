package dev.primer.priming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.primer.io.ResourceIO;
import dev.primer.learn.meta.HeadInit;
import dev.primer.learn.meta.InnerLoopConfig;
import dev.primer.learn.meta.InnerOptimizer;
import dev.primer.learn.meta.MetaOrder;
import dev.primer.learn.meta.PrimingConfig;
import dev.primer.learn.meta.PrimingVariant;
import dev.primer.learn.peft.FinetuneMethod;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.peft.PeftMethod;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.jupiter.api.Test;

class PrimeSettingsTest {

  private static PrimeSettings settings(double innerLr) {
    return PrimeSettings.builder()
        .runId("r")
        .episodes("/e/*.avro")
        .baseCheckpoint("/base/")
        .primeDirectory("/prime")
        .workDirectory("/prime/_work")
        .labels(List.of("O", "B-X"))
        .upstream("encode=k1")
        .peft(FinetuneMethod.LORA, PeftConfig.builder(PeftMethod.LORA).build())
        .priming(priming(3, innerLr, 5, 1))
        .metaBatch(4)
        .metaSteps(0)
        .outerLearningRate(1e-3)
        .outerWarmupRatio(0.25)
        .keepCheckpoints(1)
        .logEvery(1)
        .deterministic(true)
        .build();
  }

  /**
   * A priming config: SGD inner loop over the whole support set, first order, re-initialised head.
   */
  static PrimingConfig priming(int innerSteps, double innerLr, long seed, int padId) {
    return PrimingConfig.builder()
        .setInnerLoop(
            InnerLoopConfig.builder()
                .setSteps(innerSteps)
                .setLearningRate(innerLr)
                .optOptimizer(InnerOptimizer.SGD)
                .optBatchSize(PrimeSettings.ALL_SUPPORT)
                .build())
        .optOrder(MetaOrder.FIRST)
        .optHeadInit(HeadInit.REINIT)
        .optSeed(seed)
        .optPadId(padId)
        .build();
  }

  /** The text the fingerprint hashed before the settings held the core's configurations. */
  private static String oldFingerprint(PrimingVariant variant) {
    String text =
        String.join(
            "\n",
            "variant=" + variant.optionName(),
            "upstream=encode=k1",
            "labels=[O, B-X]",
            "pad=1",
            "peft=" + PeftConfig.builder(PeftMethod.LORA).build(),
            "metaBatch=4",
            "innerSteps=3",
            "innerLr=0.05",
            "innerOptimizer=" + InnerOptimizer.SGD,
            "innerBatchSize=0",
            "outerLr=0.001",
            "outerWarmup=0.25",
            "metaSteps=0",
            "order=" + MetaOrder.FIRST,
            "headInit=" + HeadInit.REINIT,
            "lazyEmbeddings=true",
            "seed=5",
            "deterministic=true");
    return ResourceIO.sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void fingerprintIsTheOneEarlierCheckpointsWereWrittenWith() {
    assertEquals(
        oldFingerprint(PrimingVariant.PRIMED), settings(0.05).fingerprint(PrimingVariant.PRIMED));
    assertEquals(
        oldFingerprint(PrimingVariant.MULTITASK),
        settings(0.05).fingerprint(PrimingVariant.MULTITASK));
    // control: a setting that changes training changes it
    assertNotEquals(
        oldFingerprint(PrimingVariant.PRIMED), settings(0.06).fingerprint(PrimingVariant.PRIMED));
  }

  @Test
  void aVariantsConfigAddsTheVariantAndTheWarmupDecaySchedule() {
    PrimeSettings s = settings(0.05);
    assertNull(s.priming().outerSchedule());
    PrimingConfig c = s.config(PrimingVariant.MULTITASK, 8);
    assertEquals(PrimingVariant.MULTITASK, c.variant());
    assertEquals(HeadInit.SHARED, c.headInit());
    assertEquals(0.0, c.outerSchedule().rate(0));
    assertEquals(1e-3, c.outerSchedule().rate(2), 1e-15);
    assertEquals(0.0, c.outerSchedule().rate(8));
    assertEquals(1, c.padId());
    assertEquals(5, c.seed());
  }

  @Test
  void survivesJavaSerializationAsTheWorkersReceiveIt() {
    PrimeSettings s = settings(0.05);
    PrimeSettings copy = SerializableUtils.clone(s);
    assertEquals(s.fingerprint(PrimingVariant.PRIMED), copy.fingerprint(PrimingVariant.PRIMED));
    assertEquals(s.peft(), copy.peft());
    assertEquals(0, copy.innerBatchSize());
    assertEquals("/prime/", copy.primeDirectory());
  }
}

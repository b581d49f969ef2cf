package dev.primer.learn.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.primer.learn.util.Dropout;
import dev.primer.learn.util.Seeds;

/**
 * Reproducible runs: seeds libtorch's and DJL's generators (dropout, initialisation). Data order
 * and masking are seeded separately through {@link TrainingConfig#seed()}; every derivation is in
 * {@link Seeds}, the one seeding scheme. Bit-identical results across JVMs also need one intra-op
 * thread: start the JVM with {@code -Dai.djl.pytorch.num_threads=1} or call {@link
 * #singleThreaded()} before any work.
 */
public final class Determinism {

  private Determinism() {}

  /** Seeds the engine's random generators and the calling thread's dropout generator. */
  public static void seed(long seed) {
    Engine.getInstance().setRandomSeed(Seeds.engine(seed));
    Dropout.seed(Seeds.dropout(seed));
  }

  /**
   * One intra-op thread when {@code deterministic}, and also on machines with at most two
   * processors: there libtorch's default (one thread per processor) competes with the runner's own
   * threads and was measured about five times slower per training step than one thread (masked-LM
   * pretraining of the tiny preset under the DirectRunner on 2 cores: 107 s against 20 s for 20
   * steps). Otherwise libtorch keeps its default.
   *
   * @return whether libtorch now uses one intra-op thread
   */
  public static boolean configureThreads(boolean deterministic) {
    if (deterministic || Runtime.getRuntime().availableProcessors() <= 2) {
      singleThreaded();
      return true;
    }
    return false;
  }

  /** Limits libtorch to one intra-op thread (JVM-wide); loads the engine first if needed. */
  public static void singleThreaded() {
    Engine.getInstance();
    JniUtils.setNumThreads(1);
  }
}

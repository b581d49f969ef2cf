package dev.primer.learn.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.primer.learn.util.Dropout;

/**
 * Reproducible runs: seeds libtorch's and DJL's generators (dropout, initialisation). Data order
 * and masking are seeded separately through {@link TrainingConfig#seed()}. Bit-identical results
 * across JVMs also need one intra-op thread: start the JVM with {@code
 * -Dai.djl.pytorch.num_threads=1} or call {@link #singleThreaded()} before any work.
 */
public final class Determinism {

  private Determinism() {}

  /** Seeds the engine's random generators and the calling thread's dropout generator. */
  public static void seed(long seed) {
    Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)));
    Dropout.seed(seed);
  }

  /** Limits libtorch to one intra-op thread (JVM-wide); loads the engine first if needed. */
  public static void singleThreaded() {
    Engine.getInstance();
    JniUtils.setNumThreads(1);
  }
}

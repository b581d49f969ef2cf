package dev.primer.learn.util;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Inverted dropout: {@code x * keep / (1 - p)} with {@code keep ~ Bernoulli(1 - p)}.
 *
 * <p>On the CPU, libtorch draws one generator call per element on a single thread, which made
 * dropout about a third of a small model's training step. Here the random bits come from a
 * per-thread {@link SplittableRandom} (64 bits per 2 elements, written into a reused direct
 * buffer), are viewed as 32-bit integers without a copy and compared with a threshold by libtorch;
 * the resulting {0, 1/(1-p)} mask is libtorch memory, so autograd may keep it. The drop probability
 * is {@code p} rounded to a multiple of 2^-32. On a GPU libtorch's fused dropout is used.
 *
 * <p>Reproducibility: {@link #seed(long)} reseeds the calling thread's generator (done by {@code
 * Determinism.seed}); each thread starts from a fixed default seed.
 *
 * <p>Kept rather than DJL's {@code ai.djl.nn.norm.Dropout}, whose masks come from libtorch's
 * single-threaded per-element generator (the third of a small model's CPU step, above).
 */
public final class Dropout {

  private static final long DEFAULT_SEED = 0x5EEDL;
  private static final ThreadLocal<Bits> BITS =
      ThreadLocal.withInitial(() -> new Bits(DEFAULT_SEED));
  private static final Map<String, NDArray> CONSTANTS = new ConcurrentHashMap<>();
  private static final NDManager CONSTANT_MANAGER = NDManager.newBaseManager();

  private Dropout() {}

  private static final class Bits {
    SplittableRandom random;
    ByteBuffer buffer = ByteBuffer.allocateDirect(0);

    Bits(long seed) {
      random = new SplittableRandom(seed);
    }

    /** A buffer of at least {@code bytes} fresh random bytes (a multiple of 8). */
    ByteBuffer fill(long bytes) {
      int rounded = Math.toIntExact((bytes + 7) / 8 * 8);
      if (buffer.capacity() < rounded) {
        buffer = ByteBuffer.allocateDirect(Math.max(rounded, buffer.capacity() * 2));
        buffer.order(ByteOrder.nativeOrder());
      }
      for (int i = 0; i < rounded; i += 8) {
        buffer.putLong(i, random.nextLong());
      }
      return buffer;
    }
  }

  /** Reseeds the calling thread's dropout generator. */
  public static void seed(long seed) {
    BITS.get().random = new SplittableRandom(seed);
  }

  /**
   * Applies dropout.
   *
   * @param x input
   * @param rate drop probability in [0, 1)
   * @param training dropout is the identity unless training
   * @return the result (a new array unless it is the identity)
   */
  public static NDArray apply(NDArray x, double rate, boolean training) {
    if (!training || rate <= 0) {
      return x;
    }
    if (x.getDevice().isGpu()) {
      return JniUtils.dropout((PtNDArray) x, rate, true);
    }
    return x.mul(mask(x.getManager(), x.getShape(), rate, x.getDataType()));
  }

  /**
   * A CPU mask with values 0 (probability {@code rate}) and {@code 1 / (1 - rate)}.
   *
   * @param manager owner of the mask
   * @param shape its shape
   * @param rate drop probability
   * @param dataType float type of the mask
   * @return the mask
   */
  public static NDArray mask(NDManager manager, Shape shape, double rate, DataType dataType) {
    long n = shape.size();
    ByteBuffer bytes = BITS.get().fill(4 * n);
    long dropped = Math.round(rate * 4294967296.0);
    NDArray keep;
    try (NDArray bits =
        JniUtils.createNdFromByteBuffer(
            (PtNDManager) manager,
            bytes,
            shape,
            DataType.INT32,
            SparseFormat.DENSE,
            Device.cpu())) {
      // 32-bit values are uniform on [-2^31, 2^31); keep the top 2^32 - dropped of them.
      keep = bits.gte(constant(-2147483648L + dropped, DataType.INT64));
    }
    try (NDArray k = keep) {
      return k.mul(constant(1.0 / (1.0 - dropped / 4294967296.0), dataType));
    }
  }

  private static NDArray constant(double value, DataType dataType) {
    return CONSTANTS.computeIfAbsent(
        value + "/" + dataType,
        key -> {
          NDArray c = TorchOps.scalar(CONSTANT_MANAGER, value, dataType);
          NDScope.unregister(c);
          return c;
        });
  }
}

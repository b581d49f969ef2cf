package dev.primer.learn.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * JVM-wide turn-taking for training. Each device has a fair semaphore: a training step holds its
 * device for the step, so two trainers in one JVM (e.g. two DoFn instances) alternate instead of
 * colliding. Gradient recording has one more JVM-wide fair semaphore because DJL allows only one
 * open {@link GradientCollector} per JVM, whatever the device. Always take the device first.
 */
public final class DeviceLocks {

  private static final Map<Device, Semaphore> DEVICES = new ConcurrentHashMap<>();
  private static final Semaphore GRADIENTS = new Semaphore(1, true);

  private DeviceLocks() {}

  /** A held device; closing releases it. */
  public static final class Lease implements AutoCloseable {
    private final Semaphore semaphore;
    private boolean released;

    private Lease(Semaphore semaphore) {
      this.semaphore = semaphore;
    }

    @Override
    public void close() {
      if (!released) {
        released = true;
        semaphore.release();
      }
    }
  }

  /** An open gradient recording; closing stops recording and lets others record. */
  public static final class Recording implements AutoCloseable {
    private final GradientCollector collector;
    private boolean closed;

    private Recording(GradientCollector collector) {
      this.collector = collector;
    }

    /** Back-propagates {@code loss} (a scalar) into the leaves that require gradients. */
    public void backward(NDArray loss) {
      collector.backward(loss);
    }

    /**
     * Back-propagates keeping a differentiable graph of the gradients (second-order use only:
     * libtorch's create_graph leaks native memory in long runs).
     */
    public void backwardCreateGraph(NDArray loss) {
      try (NDArray ones = loss.onesLike()) {
        JniUtils.backward((PtNDArray) loss, (PtNDArray) ones, true, true);
      }
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        try {
          collector.close();
        } finally {
          GRADIENTS.release();
        }
      }
    }
  }

  /**
   * Waits for and takes {@code device}.
   *
   * @param device the device a step runs on
   * @return the lease, to close when the step is done
   */
  public static Lease lease(Device device) {
    Semaphore s = DEVICES.computeIfAbsent(device, d -> new Semaphore(1, true));
    s.acquireUninterruptibly();
    return new Lease(s);
  }

  /**
   * Waits for the JVM's gradient recorder and opens it.
   *
   * @return the recording, to close right after the backward pass
   */
  public static Recording recordGradients() {
    GRADIENTS.acquireUninterruptibly();
    try {
      return new Recording(Engine.getInstance().newGradientCollector());
    } catch (RuntimeException e) {
      GRADIENTS.release();
      throw e;
    }
  }
}

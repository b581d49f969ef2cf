package dev.primer.finetune;

import ai.djl.Device;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Whole-task turn-taking per device within a JVM: two DoFn instances (e.g. Flink subtasks in one
 * TaskManager) run their fine-tuning tasks one after the other on a device, instead of interleaving
 * steps. {@code dev.primer.learn.train.DeviceLocks} already serialises single steps; holding the
 * device for a whole task also keeps a task's seeded initialisation (libtorch's generator is
 * JVM-wide) and its timing undisturbed by the other task, so results do not depend on the
 * interleaving.
 */
public final class TaskTurns {

  private static final Map<Device, Semaphore> TURNS = new ConcurrentHashMap<>();

  private TaskTurns() {}

  /** A held turn; closing releases it (once: use it in a try-with-resources). */
  @FunctionalInterface
  public interface Turn extends AutoCloseable {
    @Override
    void close();
  }

  /** Waits for the device's turn (first come, first served). */
  public static Turn take(Device device) {
    Semaphore s = TURNS.computeIfAbsent(device, d -> new Semaphore(1, true));
    s.acquireUninterruptibly();
    return s::release;
  }
}

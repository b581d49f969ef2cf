package dev.primer.learn.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.primer.UserError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The device of each training slot of a worker JVM, so that a TaskManager with several GPUs and as
 * many task slots uses them all.
 *
 * <p>A Beam DoFn does not see Flink's runtime context (its subtask index), so the slot index comes
 * from this JVM-wide registry instead: each DoFn instance of a kind claims the lowest free index of
 * that kind at {@code @Setup} and releases it at {@code @Teardown}. On Flink each subtask of a
 * TaskManager holds one instance, so its N busy slots hold the indices 0..N-1 (which subtask gets
 * which index is the order of their setup, not Flink's subtask index; only distinctness matters).
 * Other runners that create and discard instances reuse the released indices.
 *
 * <p>The device of slot {@code i} ({@link #device(int, String, int)}): with {@code
 * --slotDevices=auto} (default) GPU {@code i mod gpuCount}, the CPU when the worker sees no GPU;
 * {@code cpu} always the CPU; a list of GPU ids {@code a,b,...} the {@code (i mod n)}-th id. Two
 * slots on one device run their trainings one after the other (the caller takes the device's turn,
 * e.g. {@code dev.primer.finetune.TaskTurns}); DJL's one gradient recorder per JVM ({@link
 * DeviceLocks#recordGradients()}) still serialises the backward passes of trainings on different
 * GPUs of one JVM.
 */
public final class DeviceSlots {

  /** {@code --slotDevices} value: slot index modulo the GPU count, else the CPU. */
  public static final String AUTO = "auto";

  /** {@code --slotDevices} value: always the CPU. */
  public static final String CPU = "cpu";

  /** Per kind: the claims holding each slot index. */
  private static final Map<String, Map<Integer, Claim>> OWNERS = new HashMap<>();

  private DeviceSlots() {}

  /**
   * The device of slot {@code slot} under {@code spec} ({@code auto}, {@code cpu}, or GPU ids
   * {@code a,b,...}) on a worker seeing {@code gpuCount} GPUs. A malformed spec, or an id not below
   * {@code gpuCount}, is a user error.
   */
  public static Device device(int slot, String spec, int gpuCount) {
    if (slot < 0) {
      throw new IllegalArgumentException("slot " + slot);
    }
    String value = spec == null ? AUTO : spec.trim();
    if (value.equals(AUTO)) {
      return gpuCount > 0 ? Device.gpu(slot % gpuCount) : Device.cpu();
    }
    if (value.equals(CPU)) {
      return Device.cpu();
    }
    List<Integer> ids = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      int id;
      try {
        id = Integer.parseInt(part.trim());
      } catch (NumberFormatException e) {
        throw new UserError(
            "--slotDevices expects auto, cpu or GPU ids such as 0,1, but was given '" + spec + "'");
      }
      if (id < 0 || id >= gpuCount) {
        throw new UserError(
            "--slotDevices names GPU "
                + id
                + ", but this worker sees "
                + gpuCount
                + " GPU(s)"
                + (gpuCount > 0 ? " (ids 0.." + (gpuCount - 1) + ")" : ""));
      }
      ids.add(id);
    }
    return Device.gpu(ids.get(slot % ids.size()));
  }

  /** Claims the lowest free slot index of {@code kind} (e.g. a DoFn's class name) in this JVM. */
  public static Claim claim(String kind) {
    synchronized (OWNERS) {
      Map<Integer, Claim> owners = OWNERS.computeIfAbsent(kind, k -> new HashMap<>());
      int slot = 0;
      while (owners.containsKey(slot)) {
        slot++;
      }
      Claim claim = new Claim(kind, slot);
      owners.put(slot, claim);
      return claim;
    }
  }

  /**
   * A claimed slot index of a kind; {@link #close()} releases it. Closing again, or closing a claim
   * this class did not hand out, releases nothing.
   *
   * @param kind what the index counts (e.g. a DoFn's class name)
   * @param slot the slot index, 0-based
   */
  public record Claim(String kind, int slot) implements AutoCloseable {

    /** The slot's device under {@code spec} with the GPUs the engine sees. */
    public Device device(String spec) {
      return DeviceSlots.device(slot, spec, Engine.getInstance().getGpuCount());
    }

    @Override
    public void close() {
      synchronized (OWNERS) {
        Map<Integer, Claim> owners = OWNERS.get(kind);
        if (owners != null && owners.get(slot) == this) {
          owners.remove(slot);
        }
      }
    }
  }
}

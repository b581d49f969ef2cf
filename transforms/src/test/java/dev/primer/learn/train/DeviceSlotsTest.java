package dev.primer.learn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.primer.UserError;
import dev.primer.finetune.TaskTurns;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/**
 * Slot-to-device assignment for workers with several GPUs ({@link DeviceSlots}), without a GPU: the
 * GPU count is injected and {@link Device} values are only descriptors.
 */
class DeviceSlotsTest {

  private static List<Device> devices(int slots, String spec, int gpus) {
    List<Device> devices = new ArrayList<>();
    for (int slot = 0; slot < slots; slot++) {
      devices.add(DeviceSlots.device(slot, spec, gpus));
    }
    return devices;
  }

  @Test
  void slotIndexModuloGpuCountUnlessOverridden() {
    Device cpu = Device.cpu();
    Device g0 = Device.gpu(0);
    Device g1 = Device.gpu(1);
    Device g2 = Device.gpu(2);
    assertEquals(List.of(g0, g1, g0, g1), devices(4, "auto", 2));
    assertEquals(List.of(g0, g1, g2, g0), devices(4, "auto", 3));
    assertEquals(List.of(cpu, cpu, cpu), devices(3, "auto", 0), "no GPU: the CPU");
    assertEquals(List.of(cpu, cpu), devices(2, "cpu", 4));
    assertEquals(List.of(g2, g1, g2), devices(3, "2, 1", 4));
    assertEquals(List.of(g1, g1), devices(2, "1", 2));
    assertEquals(List.of(g0, g1), devices(2, null, 2), "unset means auto");
  }

  @Test
  void malformedOrUnseenGpuIdsAreUserErrors() {
    assertThrows(UserError.class, () -> DeviceSlots.device(0, "gpu", 2));
    assertThrows(UserError.class, () -> DeviceSlots.device(0, "0,,1", 2));
    assertThrows(UserError.class, () -> DeviceSlots.device(0, "2", 2));
    assertThrows(UserError.class, () -> DeviceSlots.device(0, "0", 0));
    assertThrows(UserError.class, () -> DeviceSlots.device(0, "-1", 2));
  }

  @Test
  void optionIsRegisteredWithAutoAsDefault() {
    DeviceOptions options =
        PipelineOptionsFactory.fromArgs("--slotDevices=1,0")
            .withValidation()
            .as(DeviceOptions.class);
    assertEquals("1,0", options.getSlotDevices());
    assertEquals(DeviceSlots.AUTO, PipelineOptionsFactory.as(DeviceOptions.class).getSlotDevices());
  }

  @Test
  void claimsAreDistinctPerKindLowestFreeFirstAndReused() throws Exception {
    String kind = "test-" + System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<DeviceSlots.Claim>> futures = new ArrayList<>();
      CountDownLatch start = new CountDownLatch(1);
      for (int i = 0; i < 8; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return DeviceSlots.claim(kind);
                }));
      }
      start.countDown();
      List<DeviceSlots.Claim> claims = new ArrayList<>();
      Set<Integer> slots = new TreeSet<>();
      for (Future<DeviceSlots.Claim> f : futures) {
        claims.add(f.get(10, TimeUnit.SECONDS));
        slots.add(claims.get(claims.size() - 1).slot());
      }
      assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7), slots, "eight instances, eight slots");
      assertEquals(0, DeviceSlots.claim(kind + "-other").slot(), "kinds count apart");
      DeviceSlots.Claim third =
          claims.stream().filter(c -> c.slot() == 2).findFirst().orElseThrow();
      third.close();
      third.close(); // released once
      assertEquals(2, DeviceSlots.claim(kind).slot(), "a released index is reused first");
      assertEquals(8, DeviceSlots.claim(kind).slot());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Four slots on two GPUs: the slots of one GPU train one after the other (slot 2 waits while slot
   * 0 holds GPU 0: the control), the two GPUs train at the same time.
   */
  @Test
  void oneTrainingAtATimePerDeviceAcrossSlots() throws Exception {
    List<Device> slots = devices(4, "auto", 2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    TaskTurns.Turn slot0 = TaskTurns.take(slots.get(0));
    try {
      CountDownLatch entered = new CountDownLatch(1);
      Future<?> slot2 =
          pool.submit(
              () -> {
                try (TaskTurns.Turn turn = TaskTurns.take(slots.get(2))) {
                  entered.countDown();
                }
              });
      Future<Boolean> slot1 =
          pool.submit(
              () -> {
                try (TaskTurns.Turn turn = TaskTurns.take(slots.get(1))) {
                  return true;
                }
              });
      assertTrue(slot1.get(10, TimeUnit.SECONDS), "GPU 1 trains while GPU 0 is busy");
      assertFalse(
          entered.await(300, TimeUnit.MILLISECONDS), "slot 2 shares GPU 0 with slot 0: it waits");
      slot0.close();
      slot0 = null;
      assertTrue(entered.await(10, TimeUnit.SECONDS), "slot 2 trains once slot 0 is done");
      slot2.get(10, TimeUnit.SECONDS);
    } finally {
      if (slot0 != null) {
        slot0.close();
      }
      pool.shutdownNow();
    }
  }
}

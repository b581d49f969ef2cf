package dev.primer.lease;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLeaseTest {

  @TempDir Path temp;

  private static LeaseRecord record(String holder, Instant heartbeat) {
    return new LeaseRecord(
        holder + "@host",
        "host",
        4242,
        heartbeat.toString(),
        heartbeat.toString(),
        java.util.UUID.randomUUID().toString(),
        "test",
        30);
  }

  private static RunLease.Request request(String holder, boolean breakLease, Duration timeout) {
    return new RunLease.Request(
        record(holder, Instant.now()), timeout, breakLease, Duration.ofSeconds(30));
  }

  private Path leaseFile() {
    return temp.resolve("runs/r1/" + RunLease.FILE_NAME);
  }

  @Test
  void localCreateIsCreateNewAndConditionalWritesCheckTheVersion() throws Exception {
    LocalLeaseStore store = new LocalLeaseStore(leaseFile());
    byte[] first = "{\"a\":1}".getBytes();
    Optional<String> v1 = store.create(first);
    assertTrue(v1.isPresent());
    assertTrue(store.create("{\"b\":2}".getBytes()).isEmpty(), "second create refused");
    assertArrayEquals(first, Files.readAllBytes(leaseFile()), "the loser wrote nothing");

    assertTrue(store.replace("not-the-version", "x".getBytes()).isEmpty());
    assertArrayEquals(first, Files.readAllBytes(leaseFile()));
    Optional<String> v2 = store.replace(v1.get(), "{\"c\":3}".getBytes());
    assertTrue(v2.isPresent());
    assertNotEquals(v1.get(), v2.get());
    assertFalse(store.delete(v1.get()), "a stale version deletes nothing");
    assertTrue(Files.exists(leaseFile()));
    assertTrue(store.delete(v2.get()));
    assertFalse(Files.exists(leaseFile()));
    assertTrue(store.read().isEmpty());
  }

  @Test
  void secondLauncherIsRefusedWithTheHolderAndHowToBreakIt() throws Exception {
    LocalLeaseStore store = new LocalLeaseStore(leaseFile());
    try (RunLease held =
        RunLease.acquire(store, request("alice", false, Duration.ofSeconds(600)))) {
      byte[] before = Files.readAllBytes(leaseFile());
      LeaseHeldException refused =
          assertThrows(
              LeaseHeldException.class,
              () -> RunLease.acquire(store, request("bob", false, Duration.ofSeconds(600))));
      String message = refused.getMessage();
      assertTrue(message.contains("lease"), message);
      assertTrue(message.contains("alice@host pid 4242 since "), message);
      assertTrue(message.contains("last heartbeat"), message);
      assertTrue(message.contains("--breakLease"), message);
      assertTrue(message.contains("--leaseTimeoutSeconds=600"), message);
      assertEquals(1, message.lines().count(), message);
      assertArrayEquals(before, Files.readAllBytes(leaseFile()), "refused: nothing written");
      held.checkHeld();
    }
    assertFalse(Files.exists(leaseFile()), "released on close");
  }

  @Test
  void leaseWithAStaleHeartbeatIsTakenOverAndAFreshOneIsNot() throws Exception {
    LocalLeaseStore store = new LocalLeaseStore(leaseFile());
    Instant hourAgo = Instant.now().minusSeconds(3600);
    store.create(record("dead", hourAgo).toBytes());
    assertThrows(
        LeaseHeldException.class,
        () -> RunLease.acquire(store, request("bob", false, Duration.ofHours(2))),
        "control: younger than the timeout, it holds");
    try (RunLease taken = RunLease.acquire(store, request("bob", false, Duration.ofSeconds(600)))) {
      LeaseRecord now = LeaseRecord.parse(Files.readAllBytes(leaseFile()));
      assertEquals("bob@host", now.holder());
      assertEquals(taken.record().leaseId(), now.leaseId());
    }
    assertFalse(Files.exists(leaseFile()));
  }

  @Test
  void breakLeaseTakesALiveLeaseAndTheOldHolderNoticesAtItsHeartbeat() throws Exception {
    LocalLeaseStore store = new LocalLeaseStore(leaseFile());
    RunLease alice =
        RunLease.acquire(
            store,
            new RunLease.Request(
                record("alice", Instant.now()),
                Duration.ofSeconds(600),
                false,
                Duration.ofMillis(200)));
    try (RunLease bob = RunLease.acquire(store, request("bob", true, Duration.ofSeconds(600)))) {
      Thread.sleep(800);
      LeaseHeldException lost = assertThrows(LeaseHeldException.class, alice::checkHeld);
      assertTrue(lost.getMessage().contains("bob@host"), lost.getMessage());
      alice.close();
      assertTrue(Files.exists(leaseFile()), "the old holder leaves the new lease alone");
      assertEquals(
          bob.record().leaseId(), LeaseRecord.parse(Files.readAllBytes(leaseFile())).leaseId());
      bob.checkHeld();
    }
    assertFalse(Files.exists(leaseFile()));
  }

  @Test
  void confirmBeforeCommitNoticesABreakThatNoHeartbeatHasSeenYet() throws Exception {
    LocalLeaseStore store = new LocalLeaseStore(leaseFile());
    // Heartbeats every 30 s: within this test only confirm() can notice the break.
    RunLease alice = RunLease.acquire(store, request("alice", false, Duration.ofSeconds(600)));
    Instant before = LeaseRecord.parse(Files.readAllBytes(leaseFile())).heartbeatInstant();
    Thread.sleep(20);
    alice.confirm();
    LeaseRecord refreshed = LeaseRecord.parse(Files.readAllBytes(leaseFile()));
    assertTrue(refreshed.heartbeatInstant().isAfter(before), "confirm refreshes the heartbeat");
    assertEquals(alice.record().leaseId(), refreshed.leaseId());
    try (RunLease bob = RunLease.acquire(store, request("bob", true, Duration.ofSeconds(600)))) {
      alice.checkHeld(); // the control: the periodic check has not seen the break
      LeaseHeldException lost = assertThrows(LeaseHeldException.class, alice::confirm);
      assertTrue(lost.getMessage().contains("bob@host"), lost.getMessage());
      assertThrows(LeaseHeldException.class, alice::checkHeld);
      alice.close();
      assertEquals(
          bob.record().leaseId(), LeaseRecord.parse(Files.readAllBytes(leaseFile())).leaseId());
    }
  }

  @Test
  void heartbeatRefreshesTheLease() throws Exception {
    LocalLeaseStore store = new LocalLeaseStore(leaseFile());
    Instant start = Instant.now();
    try (RunLease lease =
        RunLease.acquire(
            store,
            new RunLease.Request(
                record("alice", start), Duration.ofSeconds(600), false, Duration.ofMillis(100)))) {
      Thread.sleep(600);
      LeaseRecord stored = LeaseRecord.parse(Files.readAllBytes(leaseFile()));
      assertTrue(stored.heartbeatInstant().isAfter(start), stored.heartbeat());
      assertEquals(start.toString(), stored.start());
      lease.checkHeld();
    }
  }

  @Test
  void twoTakersOfOneDeadLeaseCannotBothWin() throws Exception {
    for (int round = 0; round < 20; round++) {
      Path file = temp.resolve("race" + round + "/" + RunLease.FILE_NAME);
      new LocalLeaseStore(file).create(record("dead", Instant.now().minusSeconds(3600)).toBytes());
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      List<Future<RunLease>> takers = new ArrayList<>();
      for (String who : List.of("bob", "carol")) {
        Callable<RunLease> take =
            () -> {
              go.await();
              return RunLease.acquire(
                  new LocalLeaseStore(file), request(who, false, Duration.ofSeconds(600)));
            };
        takers.add(pool.submit(take));
      }
      go.countDown();
      List<RunLease> winners = new ArrayList<>();
      int refused = 0;
      for (Future<RunLease> taker : takers) {
        try {
          winners.add(taker.get());
        } catch (java.util.concurrent.ExecutionException e) {
          assertTrue(e.getCause() instanceof LeaseHeldException, e.toString());
          refused++;
        }
      }
      pool.shutdown();
      assertEquals(1, winners.size(), "round " + round);
      assertEquals(1, refused, "round " + round);
      LeaseRecord stored = LeaseRecord.parse(Files.readAllBytes(file));
      assertEquals(winners.get(0).record().leaseId(), stored.leaseId());
      winners.get(0).close();
    }
  }

  @Test
  void unreadableLeaseCountsFromItsFileTime() throws Exception {
    Files.createDirectories(leaseFile().getParent());
    Files.writeString(leaseFile(), "not json");
    LeaseHeldException refused =
        assertThrows(
            LeaseHeldException.class,
            () ->
                RunLease.acquire(
                    new LocalLeaseStore(leaseFile()),
                    request("bob", false, Duration.ofSeconds(600))));
    assertTrue(refused.getMessage().contains("unreadable lease"), refused.getMessage());
    Files.setLastModifiedTime(
        leaseFile(), java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(3600)));
    try (RunLease taken =
        RunLease.acquire(
            new LocalLeaseStore(leaseFile()), request("bob", false, Duration.ofSeconds(600)))) {
      taken.checkHeld();
    }
  }
}

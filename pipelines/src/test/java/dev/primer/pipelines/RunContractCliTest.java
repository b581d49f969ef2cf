package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.io.Manifest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./primer verify} and {@code ./primer status} on real runs of two small stages ({@code
 * count}, and {@code copy} reading count's committed output): each fault with its intact control.
 */
class RunContractCliTest {

  @TempDir Path temp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private Path runs;
  private Path in;

  private int run(String... args) {
    out.reset();
    err.reset();
    return new Primer(
            new StageRegistry(List.of(new LineCountStage("count"), new LineCountStage("copy"))),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .execute(args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private String[] runArgs(String command, String... extra) {
    List<String> args =
        new java.util.ArrayList<>(List.of(command, "--runRoot=" + runs, "--runId=r"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  private int verify() {
    return run(runArgs("verify"));
  }

  private int status() {
    return run(runArgs("status"));
  }

  @BeforeEach
  void twoCommittedStages() throws Exception {
    runs = temp.resolve("runs");
    in = Files.writeString(temp.resolve("in.txt"), "a\nb\nc\n");
    assertEquals(0, run(runArgs("count", "--input=" + in)), err());
    assertEquals(0, run(runArgs("copy", "--input=" + in, "--after=count")), err());
  }

  /** The committed output directory of a stage of run r (from its manifest). */
  private Path output(String stage) throws Exception {
    Manifest m =
        Manifest.fromJson(Files.readString(runs.resolve("r").resolve(stage + "/_MANIFEST.json")));
    return runs.resolve("r").resolve(stage).resolve(m.attempt);
  }

  /** Damages a committed file; verify must name it with {@code reason}; restoring passes again. */
  private void assertVerifyCatches(String file, Consumer<Path> damage, String reason)
      throws Exception {
    assertEquals(0, verify(), out());
    assertTrue(out().contains("count      ok, 2 files"), out());
    assertTrue(out().contains("verify: all 2 committed stages hold"), out());
    Path target = output("count").resolve(file);
    byte[] intact = Files.exists(target) ? Files.readAllBytes(target) : null;
    damage.accept(target);
    assertEquals(1, verify(), out());
    assertTrue(out().contains("count      1 bad file"), out());
    assertTrue(out().contains(target + ": " + reason), out());
    assertTrue(out().contains("copy       ok"), out());
    Files.createDirectories(target.getParent());
    Files.write(target, intact);
    assertEquals(0, verify(), out());
  }

  @Test
  void verifyCatchesATruncatedFile() throws Exception {
    assertVerifyCatches(
        "detail/inputs.txt",
        f -> rewrite(f, b -> java.util.Arrays.copyOf(b, b.length - 3)),
        "size ");
  }

  @Test
  void verifyCatchesAModifiedByte() throws Exception {
    assertVerifyCatches(
        "count.txt",
        f ->
            rewrite(
                f,
                b -> {
                  b[0] ^= 1;
                  return b;
                }),
        "sha256 ");
  }

  @Test
  void verifyCatchesAMissingFile() throws Exception {
    assertVerifyCatches("detail/inputs.txt", RunContractCliTest::delete, "missing");
  }

  @Test
  void verifyCatchesAFileOfTheWrongSize() throws Exception {
    assertVerifyCatches(
        "count.txt",
        f -> rewrite(f, b -> (new String(b, StandardCharsets.UTF_8) + "0").getBytes()),
        "size 2 bytes, the manifest says 1");
  }

  @Test
  void verifyCatchesAStaleUpstreamAndAnUnlistedFile() throws Exception {
    assertEquals(0, verify(), out());
    Path extra = output("copy").resolve("extra.txt");
    Files.writeString(extra, "written after the commit");
    assertEquals(1, verify(), out());
    assertTrue(out().contains(extra + ": not listed in the manifest"), out());
    Files.delete(extra);
    assertEquals(0, verify(), out());

    Files.writeString(in, "a\n");
    assertEquals(0, run(runArgs("count", "--input=" + in)), err());
    assertEquals(1, verify(), out());
    assertTrue(out().contains("copy       0 bad files, upstream count changed (key"), out());
  }

  @Test
  void verifyOfNoSuchRunIsAUserError() {
    assertEquals(2, run("verify", "--runRoot=" + runs, "--runId=nope"));
    assertTrue(err().contains("no run 'nope'"), err());
    assertEquals(1, err().strip().lines().count(), err());
    assertEquals(2, run("status", "--runRoot=" + runs, "--runId=nope"));
  }

  @Test
  void statusReportsCommittedStaleMissingAbandonedAndRunning() throws Exception {
    assertEquals(0, status(), err());
    String key =
        Manifest.fromJson(Files.readString(runs.resolve("r/count/_MANIFEST.json"))).cacheKey;
    assertTrue(out().contains("count      committed  key " + key.substring(0, 12)), out());
    assertTrue(out().contains("copy       committed  key "), out());
    assertFalse(out().contains("running"), out());
    assertFalse(out().contains("attempt"), out());

    // count reruns with another input, and a failed rerun of copy leaves an attempt behind
    Files.writeString(in, "a\n");
    assertEquals(0, run(runArgs("count", "--input=" + in)), err());
    assertEquals(1, run(runArgs("copy", "--input=" + in, "--after=count", "--failMidway=true")));
    assertEquals(0, status(), err());
    assertTrue(out().contains("count      committed"), out());
    assertTrue(out().contains("copy       stale      upstream count changed (key "), out());
    String abandoned;
    try (Stream<Path> list = Files.list(runs.resolve("r/copy"))) {
      abandoned =
          list.map(p -> p.getFileName().toString())
              .filter(n -> n.startsWith("attempt-"))
              .filter(n -> !Files.exists(runs.resolve("r/copy/_MANIFEST.json")) || !isCommitted(n))
              .findFirst()
              .orElseThrow();
    }
    assertTrue(out().contains("  abandoned attempt " + abandoned), out());

    // a launcher holds the run: status names it, and the unnamed attempt may be in progress
    Files.writeString(
        runs.resolve("r/_LEASE.json"),
        "{\"holder\":\"ana@laptop\",\"host\":\"laptop\",\"pid\":4242,"
            + "\"start\":\"2026-12-03T20:00:00Z\",\"heartbeat\":\"2026-12-03T20:05:00Z\"}");
    assertEquals(0, status(), err());
    assertTrue(
        out()
            .contains(
                "running: holder ana@laptop, host laptop, pid 4242, heartbeat"
                    + " 2026-12-03T20:05:00Z"),
        out());
    assertTrue(out().contains("  attempt in progress (or abandoned) " + abandoned), out());
    Files.delete(runs.resolve("r/_LEASE.json"));

    // the next copy run removes the abandoned attempt and is up to date with count again
    assertEquals(0, run(runArgs("copy", "--input=" + in, "--after=count")), err());
    assertEquals(0, status(), err());
    assertTrue(out().contains("copy       committed"), out());
    assertFalse(out().contains("attempt"), out());

    // a stage that never ran is missing
    Files.delete(runs.resolve("r/copy/_MANIFEST.json"));
    assertEquals(0, status(), err());
    assertTrue(out().contains("copy       missing"), out());
  }

  private boolean isCommitted(String attempt) {
    try {
      return attempt.equals(
          Manifest.fromJson(Files.readString(runs.resolve("r/copy/_MANIFEST.json"))).attempt);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void rewrite(Path file, java.util.function.UnaryOperator<byte[]> change) {
    try {
      Files.write(file, change.apply(Files.readAllBytes(file)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

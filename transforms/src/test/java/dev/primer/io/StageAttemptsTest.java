package dev.primer.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageAttemptsTest {

  @TempDir Path temp;

  @BeforeAll
  static void fileSystems() {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
  }

  private static ResourceId dir(Path path) {
    return ResourceIO.directory(path.toAbsolutePath() + "/");
  }

  /** Commits {@code attempt} of a stage directory the way the runner does. */
  private static Manifest commit(Path stageDirectory, String attempt) throws Exception {
    Manifest m = new Manifest();
    m.stage = stageDirectory.getFileName().toString();
    m.cacheKey = "k";
    m.attempt = attempt;
    m.files = StageAttempts.describe(dir(stageDirectory.resolve(attempt)));
    ResourceIO.publish(
        ResourceIO.file(stageDirectory.resolve(RunLayout.MANIFEST).toString()), m.toJson());
    return m;
  }

  @Test
  void filesOverTheLimitCarryACrc32cAndVerifyChecksIt() throws Exception {
    Path attempt = Files.createDirectories(temp.resolve("run/pretrain/attempt-20261203T200000-0a"));
    Files.writeString(attempt.resolve("small.json"), "{}");
    Path large = attempt.resolve("deep/large.bin");
    Files.createDirectories(large.getParent());
    try (RandomAccessFile f = new RandomAccessFile(large.toFile(), "rw")) {
      f.setLength(Manifest.SHA256_LIMIT + 1);
      f.seek(1000);
      f.write(7);
    }
    Manifest m = commit(temp.resolve("run/pretrain"), attempt.getFileName().toString());
    assertEquals(
        List.of("deep/large.bin", "small.json"), m.files.stream().map(f -> f.path).toList());
    Manifest.OutputFile big = m.files.get(0);
    assertNull(big.sha256);
    CRC32C crc = new CRC32C();
    crc.update(Files.readAllBytes(large));
    assertEquals(String.format("%08x", crc.getValue()), big.crc32c);
    assertEquals(Manifest.SHA256_LIMIT + 1, big.bytes);
    assertEquals(64, m.files.get(1).sha256.length());

    CommittedStage committed =
        CommittedStage.read(new RunLayout(temp.toString(), "run"), "pretrain").orElseThrow();
    assertEquals(List.of(), StageAttempts.verify(committed));
    try (RandomAccessFile f = new RandomAccessFile(large.toFile(), "rw")) {
      f.seek(1000);
      f.write(8);
    }
    List<StageAttempts.BadFile> bad = StageAttempts.verify(committed);
    assertEquals(1, bad.size(), bad.toString());
    assertEquals("deep/large.bin", bad.get(0).path());
    assertTrue(bad.get(0).reason().startsWith("crc32c "), bad.get(0).reason());
  }

  @Test
  void anOutputDirectoryElsewhereIsReadAndVerifiedWhereItLives() throws Exception {
    Path first = Files.createDirectories(temp.resolve("runs/a/prime/attempt-20261203T200000-01"));
    Files.writeString(first.resolve("model.safetensors"), "weights");
    Manifest original = commit(temp.resolve("runs/a/prime"), first.getFileName().toString());
    // a second run's manifest naming the first run's attempt (what --reuse will write)
    Manifest reused = Manifest.fromJson(original.toJson());
    reused.attempt = first.toAbsolutePath() + "/";
    Files.createDirectories(temp.resolve("runs/b/prime"));
    Files.writeString(temp.resolve("runs/b/prime/_MANIFEST.json"), reused.toJson());

    CommittedStage b =
        CommittedStage.read(new RunLayout(temp.resolve("runs").toString(), "b"), "prime")
            .orElseThrow();
    assertFalse(b.ownsOutput());
    assertEquals(first.toAbsolutePath() + "/", b.outputDirectory().toString());
    assertEquals("weights", ResourceIO.readString(b.file("model.safetensors")));
    assertEquals(List.of(), StageAttempts.verify(b));
    Files.writeString(first.resolve("model.safetensors"), "weightz");
    assertEquals(
        List.of("model.safetensors"), StageAttempts.verify(b).stream().map(f -> f.path()).toList());
  }

  @Test
  void aManifestNamingNoAttemptReadsTheStageDirectoryAndOddNamesAreRefused() throws Exception {
    Path stage = Files.createDirectories(temp.resolve("runs/old/vocab"));
    Files.writeString(stage.resolve("tokenizer.json"), "{}");
    Files.writeString(stage.resolve("_MANIFEST.json"), "{\"stage\":\"vocab\",\"cacheKey\":\"k\"}");
    CommittedStage old =
        CommittedStage.read(new RunLayout(temp.resolve("runs").toString(), "old"), "vocab")
            .orElseThrow();
    assertEquals(stage.toAbsolutePath() + "/", old.outputDirectory().toString());
    assertEquals("{}", ResourceIO.readString(old.file("tokenizer.json")));
    assertEquals(List.of(), StageAttempts.verify(old), "no file list: nothing to compare");

    Manifest escape = new Manifest();
    escape.attempt = "../../elsewhere";
    assertThrows(
        IllegalArgumentException.class, () -> CommittedStage.outputDirectory(dir(stage), escape));
  }

  @Test
  void aUserPathIntoAStageDirectoryResolvesToTheCommittedAttempt() throws Exception {
    Path attempt =
        Files.createDirectories(temp.resolve("runs/r/pretrain/attempt-20261203T200000-02"));
    Files.createDirectories(attempt.resolve("checkpoint"));
    Files.writeString(attempt.resolve("checkpoint/checkpoint.json"), "{}");
    commit(temp.resolve("runs/r/pretrain"), attempt.getFileName().toString());

    String given = temp.resolve("runs/r/pretrain/checkpoint").toString();
    assertEquals(
        attempt.toAbsolutePath() + "/checkpoint/", CommittedStage.resolveUserPath(given + "/", 10));
    assertEquals(
        attempt.toAbsolutePath() + "/checkpoint/checkpoint.json",
        CommittedStage.resolveUserPath(given + "/checkpoint.json", 10));
    String direct = attempt + "/checkpoint/";
    assertEquals(direct, CommittedStage.resolveUserPath(direct, 10), "already in an attempt");
    String outside = temp.resolve("elsewhere/checkpoint/").toString();
    assertEquals(outside, CommittedStage.resolveUserPath(outside, 10));
  }

  @Test
  void abandonedAttemptsAreRemovedAndTheCommittedOneKept() throws Exception {
    Path stage = temp.resolve("runs/r/encode");
    Path kept = Files.createDirectories(stage.resolve("attempt-20261203T200000-03"));
    Files.writeString(kept.resolve("labels.json"), "[]");
    Path partial = Files.createDirectories(stage.resolve("attempt-20261203T200100-04/encoded"));
    Files.writeString(partial.resolve("part-0.avro"), "partial");
    Path empty = Files.createDirectories(stage.resolve("attempt-20261203T200200-05"));
    Files.writeString(stage.resolve("._MANIFEST.json.tmp-1234"), "half a manifest");
    commit(stage, kept.getFileName().toString());

    assertEquals(
        List.of(
            "attempt-20261203T200000-03",
            "attempt-20261203T200100-04",
            "attempt-20261203T200200-05"),
        List.copyOf(StageAttempts.attempts(dir(stage))));
    List<String> removed =
        StageAttempts.removeAbandoned(dir(stage), kept.getFileName().toString(), null);
    assertEquals(List.of("attempt-20261203T200100-04", "attempt-20261203T200200-05"), removed);
    assertFalse(Files.exists(partial.getParent()));
    assertFalse(Files.exists(empty));
    assertFalse(Files.exists(stage.resolve("._MANIFEST.json.tmp-1234")));
    assertEquals("[]", Files.readString(kept.resolve("labels.json")));
    assertTrue(Files.exists(stage.resolve("_MANIFEST.json")));
  }
}

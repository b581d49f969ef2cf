package dev.primer.learn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.primer.learn.weights.ModelConfig;
import dev.primer.learn.weights.PeftNames;
import dev.primer.learn.weights.StateDict;
import dev.primer.learn.weights.TinyBert;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointRoundTripTest {

  private static final Instant NOW = Instant.parse("2025-03-04T05:06:07Z");
  private static final CheckpointWriter WRITER =
      new CheckpointWriter(Clock.fixed(NOW, ZoneOffset.UTC));
  private static final List<String> LABELS =
      List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG");

  static StateDict fullModel() {
    ModelConfig config = TinyBert.config();
    return TinyBert.withPeftAndClassifier(TinyBert.stateDict(config, 1), config, 2);
  }

  static CheckpointConfig checkpointConfig() {
    ObjectNode peft = new ObjectMapper().createObjectNode();
    peft.put("method", "adapter");
    peft.put("bottleneck", 4);
    return new CheckpointConfig(TinyBert.config(), LABELS, peft);
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @Test
  void fullCheckpointRoundTripIsBitExact(@TempDir Path dir) throws Exception {
    StateDict model = fullModel();
    CheckpointStore store = new LocalCheckpointStore(dir);
    CheckpointManifest written =
        WRITER.write(
            store,
            CheckpointKind.FULL,
            model,
            checkpointConfig(),
            Map.of("seed", 42, "data", "panx/dev-de", "versions", Map.of("djl", "0.36.0")),
            null);

    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(
          Set.of("checkpoint.json", "config.json", "model.safetensors"),
          files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
    }
    assertEquals(
        sha256(dir.resolve("model.safetensors")),
        written.files().get("model.safetensors").sha256());
    assertEquals(sha256(dir.resolve("config.json")), written.files().get("config.json").sha256());
    assertEquals(
        Files.size(dir.resolve("model.safetensors")),
        written.files().get("model.safetensors").bytes());

    Checkpoint read = CheckpointReader.read(store);
    assertTrue(model.bitEquals(read.tensors()));
    assertEquals(written, read.manifest());
    assertEquals(CheckpointKind.FULL, read.manifest().kind());
    assertEquals(NOW, read.manifest().created());
    assertEquals(model.size(), read.manifest().tensors());
    assertEquals(model.parameterCount(), read.manifest().totalParameters());
    assertEquals(42, read.manifest().provenance().get("seed").asInt());
    assertEquals("0.36.0", read.manifest().provenance().path("versions").path("djl").asText());
    assertEquals(TinyBert.config(), read.config().model());
    assertEquals(LABELS, read.config().labels());
    assertEquals(4, read.config().peft().get("bottleneck").asInt());
  }

  @Test
  void parameterCountsByGroupAddUp() throws Exception {
    StateDict model = fullModel();
    CheckpointManifest m =
        WRITER.write(
            new MemoryCheckpointStore(),
            CheckpointKind.FULL,
            model,
            checkpointConfig(),
            Map.of(),
            null);
    Map<String, Long> p = m.parameters();
    // vocab 50 x 8 + positions 20 x 8 + types 2 x 8 + LayerNorm 16
    assertEquals(400 + 160 + 16 + 16, p.get("embeddings"));
    // per layer: adapter 4x8+4 + 8x4+8 = 76, LoRA 2x8 + 8x2 = 32
    assertEquals(2 * (76 + 32), p.get("peft"));
    assertEquals(7 * 8 + 7, p.get("classifier"));
    assertEquals(8 * 8 + 8 + 16 + 50, p.get("mlm_head"));
    assertEquals(0, p.get("other"));
    assertEquals(
        p.get("total"),
        p.get("embeddings")
            + p.get("encoder")
            + p.get("peft")
            + p.get("mlm_head")
            + p.get("classifier"));
  }

  @Test
  void peftCheckpointHoldsOnlyPeftAndHead(@TempDir Path dir) throws Exception {
    StateDict model = fullModel();
    CheckpointStore store = new LocalCheckpointStore(dir);
    CheckpointManifest.BaseReference base =
        new CheckpointManifest.BaseReference("ab".repeat(32), "gs://bucket/base");
    CheckpointManifest m =
        WRITER.writePeft(
            store, model, PeftNames.PEFT_AND_CLASSIFIER, checkpointConfig(), Map.of(), base);
    assertTrue(Files.exists(dir.resolve("peft.safetensors")));
    assertTrue(Files.notExists(dir.resolve("model.safetensors")));
    assertEquals(2 * (4 + 2) + 2, m.tensors());
    assertEquals(model.filter(PeftNames.PEFT_AND_CLASSIFIER).parameterCount(), m.totalParameters());
    assertEquals(
        m.totalParameters(), m.parameters().get("peft") + m.parameters().get("classifier"));
    MemoryCheckpointStore full = new MemoryCheckpointStore();
    WRITER.write(full, CheckpointKind.FULL, model, checkpointConfig(), Map.of(), null);
    assertTrue(
        Files.size(dir.resolve("peft.safetensors"))
            < full.files.get("model.safetensors").length / 2);

    Checkpoint read =
        CheckpointReader.read(store, LoadTarget.subset(TinyBert.config(), model.shapes()));
    assertEquals(CheckpointKind.PEFT, read.manifest().kind());
    assertEquals(base, read.manifest().base());
    assertTrue(model.filter(PeftNames.PEFT_AND_CLASSIFIER).bitEquals(read.tensors()));
  }

  @Test
  void checkpointWithoutBaseHasNoBaseField() throws Exception {
    MemoryCheckpointStore store = new MemoryCheckpointStore();
    WRITER.write(
        store,
        CheckpointKind.BASE,
        TinyBert.stateDict(TinyBert.config(), 3),
        CheckpointConfig.of(TinyBert.config()),
        Map.of(),
        null);
    CheckpointManifest m = CheckpointReader.readManifest(store);
    assertNull(m.base());
    assertTrue(m.provenance().isEmpty());
    assertTrue(CheckpointReader.read(store).config().labels().isEmpty());
  }

  @Test
  void peftCheckpointKnowsItsBase(@TempDir Path dir) throws Exception {
    StateDict model = fullModel();
    CheckpointStore baseStore = new LocalCheckpointStore(dir.resolve("base"));
    CheckpointManifest base =
        WRITER.write(
            baseStore,
            CheckpointKind.BASE,
            model.filter(n -> !PeftNames.PEFT_AND_CLASSIFIER.test(n)),
            CheckpointConfig.of(TinyBert.config()),
            Map.of(),
            null);
    CheckpointManifest peft =
        WRITER.writePeft(
            new LocalCheckpointStore(dir.resolve("peft")),
            model,
            PeftNames.PEFT_AND_CLASSIFIER,
            checkpointConfig(),
            Map.of(),
            CheckpointManifest.BaseReference.of(base, "runs/x/base"));
    assertEquals(base.files().get("model.safetensors").sha256(), peft.base().sha256());
    peft.requireBase(base, "runs/x/base");

    CheckpointManifest otherBase =
        WRITER.write(
            new MemoryCheckpointStore(),
            CheckpointKind.BASE,
            TinyBert.stateDict(TinyBert.config(), 99),
            CheckpointConfig.of(TinyBert.config()),
            Map.of(),
            null);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> peft.requireBase(otherBase, "other"));
    assertTrue(
        e.getMessage().startsWith("The PEFT checkpoint was trained on base runs/x/base"),
        e.getMessage());
  }

  @Test
  void rewritingACheckpointReplacesItAndAFailedRewriteLeavesNoManifest(@TempDir Path dir)
      throws Exception {
    CheckpointStore store = new LocalCheckpointStore(dir);
    WRITER.write(store, CheckpointKind.FULL, fullModel(), checkpointConfig(), Map.of(), null);
    StateDict other = TinyBert.stateDict(TinyBert.config(), 77);
    WRITER.write(store, CheckpointKind.FULL, other, checkpointConfig(), Map.of(), null);
    assertTrue(other.bitEquals(CheckpointReader.read(store).tensors()));

    CheckpointStore failing =
        new CheckpointStore() {
          @Override
          public java.io.OutputStream create(String name) throws java.io.IOException {
            if (name.equals("config.json")) {
              throw new java.io.IOException("disk full");
            }
            return store.create(name);
          }

          @Override
          public java.io.InputStream open(String name) throws java.io.IOException {
            return store.open(name);
          }

          @Override
          public void delete(String name) throws java.io.IOException {
            store.delete(name);
          }

          @Override
          public boolean exists(String name) throws java.io.IOException {
            return store.exists(name);
          }

          @Override
          public String describe(String name) {
            return store.describe(name);
          }
        };
    assertThrows(
        java.io.IOException.class,
        () ->
            WRITER.write(
                failing, CheckpointKind.FULL, fullModel(), checkpointConfig(), Map.of(), null));
    assertTrue(Files.notExists(dir.resolve("checkpoint.json")));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CheckpointReader.read(store));
    assertTrue(e.getMessage().contains("not a checkpoint, or an incomplete one"), e.getMessage());
  }
}

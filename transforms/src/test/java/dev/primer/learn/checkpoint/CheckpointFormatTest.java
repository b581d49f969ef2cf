package dev.primer.learn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.primer.learn.model.EncoderConfig;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.peft.PeftMethod;
import dev.primer.learn.weights.ModelConfig;
import dev.primer.learn.weights.StateDict;
import dev.primer.learn.weights.Tensor;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code checkpoint.json} and {@code config.json} stay byte for byte what format version 1 wrote
 * before they were bound to records ({@code v1-lora/}: files written by the hand-built JSON code),
 * and those files still read.
 */
class CheckpointFormatTest {

  private static String golden(String name) throws Exception {
    try (InputStream in = CheckpointFormatTest.class.getResourceAsStream("v1-lora/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static CheckpointManifest writeLora(Path dir, List<String> labels) throws Exception {
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("seed", 7);
    provenance.put("data", List.of("a", "b"));
    return new CheckpointWriter(Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC))
        .write(
            new LocalCheckpointStore(dir),
            CheckpointKind.PEFT,
            new StateDict().put("a.weight", Tensor.of(new float[] {1, 2, 3, 4}, 2, 2)),
            new CheckpointConfig(
                ModelConfig.of(EncoderConfig.tiny()),
                labels,
                new ObjectMapper().readTree(PeftConfig.builder(PeftMethod.LORA).build().toJson())),
            provenance,
            new CheckpointManifest.BaseReference("abc", "loc"));
  }

  @Test
  void writesVersionOneFilesByteForByte(@TempDir Path dir) throws Exception {
    writeLora(dir, List.of("O", "B-PER", "I-PER"));
    assertEquals(golden("config.json"), Files.readString(dir.resolve("config.json")));
    assertEquals(golden("checkpoint.json"), Files.readString(dir.resolve("checkpoint.json")));
  }

  @Test
  void controlOtherLabelsChangeTheFiles(@TempDir Path dir) throws Exception {
    writeLora(dir, List.of("O", "B-LOC", "I-LOC"));
    assertNotEquals(golden("config.json"), Files.readString(dir.resolve("config.json")));
    assertNotEquals(golden("checkpoint.json"), Files.readString(dir.resolve("checkpoint.json")));
  }

  @Test
  void readsVersionOneFiles() throws Exception {
    CheckpointManifest m =
        CheckpointManifest.parse(
            new ByteArrayInputStream(golden("checkpoint.json").getBytes(StandardCharsets.UTF_8)),
            "checkpoint.json");
    assertEquals(CheckpointKind.PEFT, m.kind());
    assertEquals(Instant.parse("2025-01-01T00:00:00Z"), m.created());
    assertEquals(675L, m.files().get("config.json").bytes());
    assertEquals(4L, m.totalParameters());
    assertEquals(new CheckpointManifest.BaseReference("abc", "loc"), m.base());
    assertEquals(7, m.provenance().path("seed").asInt());
    CheckpointConfig c =
        CheckpointConfig.parse(
            new ByteArrayInputStream(golden("config.json").getBytes(StandardCharsets.UTF_8)),
            "config.json");
    assertEquals(List.of("O", "B-PER", "I-PER"), c.labels());
    assertEquals(EncoderConfig.tiny(), c.model().encoderConfig());
    assertEquals(
        PeftConfig.builder(PeftMethod.LORA).build(), PeftConfig.fromJson(c.peft().toString()));
  }
}

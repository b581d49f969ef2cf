package dev.primer.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.learn.checkpoint.CheckpointManifest;
import dev.primer.learn.checkpoint.LocalCheckpointStore;
import dev.primer.learn.weights.ImportedModel;
import dev.primer.learn.weights.ModelConfig;
import dev.primer.learn.weights.SafetensorsWriter;
import dev.primer.learn.weights.StateDict;
import dev.primer.learn.weights.TinyBert;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PretrainedWeightsTest {

  @Test
  void hfDirectoryToBaseCheckpointAndBack(@TempDir Path dir) throws Exception {
    ModelConfig config = TinyBert.config();
    StateDict ours = TinyBert.stateDict(config, 41);
    Path hf = dir.resolve("hf");
    Files.createDirectories(hf);
    Files.writeString(hf.resolve("config.json"), config.toJsonString());
    try (OutputStream out = Files.newOutputStream(hf.resolve("model.safetensors"))) {
      SafetensorsWriter.write(ours, Map.of("format", "pt"), out);
    }
    ImportedModel imported = PretrainedWeights.load(hf);
    assertTrue(ours.bitEquals(imported.tensors()));

    Path base = dir.resolve("base");
    CheckpointManifest m =
        PretrainedWeights.saveAsBase(imported, new LocalCheckpointStore(base), Map.of("seed", 1));
    assertEquals(hf.toString(), m.provenance().get("source").asText());
    assertEquals(1, m.provenance().get("seed").asInt());

    ImportedModel again = PretrainedWeights.load(base);
    assertTrue(ours.bitEquals(again.tensors()));
    assertEquals(config, again.config());
    assertEquals(List.of(), again.dropped());
  }

  @Test
  void checkAcceptsWhatLoadReadsAndRejectsDamagedWeightsWithoutReadingData(@TempDir Path dir)
      throws Exception {
    ModelConfig config = TinyBert.config();
    Path hf = dir.resolve("hf");
    Files.createDirectories(hf);
    Files.writeString(hf.resolve("config.json"), config.toJsonString());
    Path weights = hf.resolve("model.safetensors");
    try (OutputStream out = Files.newOutputStream(weights)) {
      SafetensorsWriter.write(TinyBert.stateDict(config, 41), Map.of("format", "pt"), out);
    }
    PretrainedWeights.check(hf); // control: intact weights pass
    Path base = dir.resolve("base");
    PretrainedWeights.saveAsBase(
        PretrainedWeights.load(hf), new LocalCheckpointStore(base), Map.of());
    PretrainedWeights.check(base);

    byte[] bytes = Files.readAllBytes(weights);
    Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length - 100));
    IOException truncated = assertThrows(IOException.class, () -> PretrainedWeights.check(hf));
    assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());

    Files.writeString(weights, "fake safetensors");
    assertThrows(IOException.class, () -> PretrainedWeights.check(hf));

    Path notZip = Files.writeString(dir.resolve("weights.bin"), "not a checkpoint");
    assertThrows(IllegalArgumentException.class, () -> PretrainedWeights.check(notZip));
  }

  @Test
  void missingPathIsNamed(@TempDir Path dir) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> PretrainedWeights.load(dir.resolve("nope")));
    assertEquals(dir.resolve("nope") + ": no such file or directory", e.getMessage());
  }
}

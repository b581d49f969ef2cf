package dev.primer.learn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.learn.weights.ModelConfig;
import dev.primer.learn.weights.StateDict;
import dev.primer.learn.weights.TinyBert;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointVerificationTest {

  private static MemoryCheckpointStore saved(StateDict model) throws IOException {
    MemoryCheckpointStore store = new MemoryCheckpointStore();
    new CheckpointWriter()
        .write(
            store,
            CheckpointKind.BASE,
            model,
            CheckpointConfig.of(TinyBert.config()),
            Map.of(),
            null);
    return store;
  }

  private static StateDict base() {
    return TinyBert.stateDict(TinyBert.config(), 5);
  }

  @Test
  void changedWeightsFileIsRefusedWithBothDigests() throws IOException {
    MemoryCheckpointStore store = saved(base());
    byte[] bytes = store.files.get("model.safetensors");
    bytes[bytes.length - 1] ^= 0x40;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CheckpointReader.read(store));
    assertTrue(
        e.getMessage().startsWith("mem:/model.safetensors is corrupt or was changed: sha256 "),
        e.getMessage());
    assertTrue(e.getMessage().contains("checkpoint.json says"), e.getMessage());
  }

  @Test
  void bytesAppendedToTheWeightsFileAreNoticed() throws IOException {
    MemoryCheckpointStore store = saved(base());
    byte[] bytes = store.files.get("model.safetensors");
    store.files.put("model.safetensors", java.util.Arrays.copyOf(bytes, bytes.length + 3));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CheckpointReader.read(store));
    assertTrue(e.getMessage().contains("is corrupt or was changed"), e.getMessage());
  }

  @Test
  void changedConfigIsRefused() throws IOException {
    MemoryCheckpointStore store = saved(base());
    String json =
        new String(store.files.get("config.json"), java.nio.charset.StandardCharsets.UTF_8);
    store.files.put(
        "config.json", json.replace("\"vocab_size\" : 50", "\"vocab_size\" : 51").getBytes());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CheckpointReader.read(store));
    assertTrue(
        e.getMessage().startsWith("mem:/config.json is corrupt or was changed"), e.getMessage());
  }

  @Test
  void shapeMismatchNamesTensorAndBothShapes() throws IOException {
    MemoryCheckpointStore store = saved(base());
    Map<String, long[]> shapes = new LinkedHashMap<>(base().shapes());
    shapes.put("bert.encoder.layer.1.intermediate.dense.weight", new long[] {32, 8});
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CheckpointReader.read(store, LoadTarget.strict(TinyBert.config(), shapes)));
    assertEquals(
        "mem:/model.safetensors: tensor bert.encoder.layer.1.intermediate.dense.weight has shape"
            + " [16, 8] in the checkpoint but [32, 8] in the target model",
        e.getMessage());
  }

  @Test
  void configMismatchNamesFieldAndBothValues() throws IOException {
    MemoryCheckpointStore store = saved(base());
    ModelConfig other = TinyBert.config().with("num_hidden_layers", 3);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CheckpointReader.read(store, LoadTarget.strict(other, base().shapes())));
    assertEquals(
        "mem:/config.json: Config mismatch: num_hidden_layers is 2 in the checkpoint but 3 in the"
            + " target model",
        e.getMessage());
  }

  @Test
  void unexpectedAndMissingTensors() throws IOException {
    MemoryCheckpointStore store = saved(base());
    // The target is a tagger: no MLM head, a classifier the base lacks.
    Map<String, long[]> tagger =
        new LinkedHashMap<>(base().filter(n -> !n.startsWith("cls.")).shapes());
    tagger.put("classifier.weight", new long[] {7, 8});
    IllegalArgumentException unexpected =
        assertThrows(
            IllegalArgumentException.class,
            () -> CheckpointReader.read(store, LoadTarget.strict(TinyBert.config(), tagger)));
    assertTrue(
        unexpected
            .getMessage()
            .contains("tensor cls.predictions.transform.dense.weight is not a parameter"),
        unexpected.getMessage());

    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                CheckpointReader.read(
                    store, new LoadTarget(TinyBert.config(), tagger, false, true)));
    assertTrue(
        missing.getMessage().contains("parameter classifier.weight of the target model is missing"),
        missing.getMessage());

    Checkpoint loaded =
        CheckpointReader.read(store, new LoadTarget(TinyBert.config(), tagger, true, true));
    assertFalse(
        loaded.tensors().contains("cls.predictions.bias"), "unexpected tensors are skipped");
    assertTrue(base().filter(tagger::containsKey).bitEquals(loaded.tensors()));
  }

  @Test
  void directoryWithoutManifestIsNotACheckpoint() {
    MemoryCheckpointStore store = new MemoryCheckpointStore();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CheckpointReader.read(store));
    assertEquals(
        "mem:/checkpoint.json is missing: not a checkpoint, or an incomplete one", e.getMessage());
  }

  @Test
  void tolerancesArePerName() throws IOException {
    MemoryCheckpointStore store = saved(base().filter(n -> !n.equals("cls.predictions.bias")));
    Map<String, long[]> tagger =
        new LinkedHashMap<>(base().filter(n -> !n.startsWith("cls.")).shapes());
    tagger.put("classifier.weight", new long[] {7, 8});
    LoadTarget target =
        new LoadTarget(
            TinyBert.config(), tagger, n -> n.startsWith("classifier."), n -> n.startsWith("cls."));
    assertEquals(tagger.size() - 1, CheckpointReader.read(store, target).tensors().size());

    Map<String, long[]> withPooler = new LinkedHashMap<>(tagger);
    withPooler.put("bert.pooler.dense.bias", new long[] {8});
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                CheckpointReader.read(
                    store,
                    new LoadTarget(
                        TinyBert.config(),
                        withPooler,
                        n -> n.startsWith("classifier."),
                        n -> n.startsWith("cls."))));
    assertTrue(
        e.getMessage()
            .endsWith(
                "parameter bert.pooler.dense.bias of the target model is missing from the checkpoint"),
        e.getMessage());
  }
}

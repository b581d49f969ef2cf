package dev.primer.export;

import dev.primer.UserError;
import dev.primer.io.FileSystemsCheckpointStore;
import dev.primer.learn.checkpoint.Checkpoint;
import dev.primer.learn.checkpoint.CheckpointConfig;
import dev.primer.learn.checkpoint.CheckpointKind;
import dev.primer.learn.checkpoint.CheckpointManifest;
import dev.primer.learn.checkpoint.CheckpointReader;
import dev.primer.learn.checkpoint.CheckpointStore;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.weights.PeftNames;
import dev.primer.learn.weights.StateDict;
import java.io.IOException;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * A model to export: what a primer checkpoint describes, resolved to plain tensors.
 *
 * <p>For a PEFT-only checkpoint, {@code tensors} is the whole model (the base's encoder tensors
 * with the checkpoint's PEFT tensors, biases for BitFit, and classifier over them) and {@code base}
 * the base's encoder alone; for a base or full checkpoint, {@code tensors} is the checkpoint and
 * {@code base} is null.
 *
 * @param location the checkpoint directory
 * @param manifest the checkpoint's {@code checkpoint.json}
 * @param config the checkpoint's config (model, labels, PEFT config)
 * @param tensors every tensor of the model, primer (HuggingFace BERT) names
 * @param base the base the PEFT checkpoint was trained on, or null
 * @param tokenizer the {@code tokenizer.json} to ship with the model, or null when none is known
 */
public record ExportSource(
    String location,
    CheckpointManifest manifest,
    CheckpointConfig config,
    StateDict tensors,
    Base base,
    ResourceId tokenizer) {

  /**
   * The base of a PEFT checkpoint.
   *
   * @param location its checkpoint directory
   * @param weightsSha256 sha256 of its primer weights file (as the PEFT checkpoint records it)
   * @param encoder its encoder tensors ({@code bert.*}, PEFT tensors left out)
   * @param config its config (model part only is used)
   * @param origin where the base came from ({@code provenance.source} of its manifest), or null
   */
  public record Base(
      String location,
      String weightsSha256,
      StateDict encoder,
      CheckpointConfig config,
      String origin) {}

  /** The PEFT configuration of the model (full fine-tuning when the config has none). */
  public PeftConfig peft() {
    if (config.peft() == null) {
      return PeftConfig.full();
    }
    try {
      return PeftConfig.fromJson(config.peft().toString());
    } catch (IllegalArgumentException e) {
      throw new UserError(location + ": bad PEFT config: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a checkpoint directory (any Beam file system); a PEFT-only checkpoint is joined with the
   * base recorded in its manifest, whose weights must still have the recorded sha256.
   *
   * @param checkpointDir the checkpoint directory (path or URI)
   * @param tokenizer the tokenizer to ship, or null
   * @throws UserError when the checkpoint or its base is missing, corrupt or does not match
   */
  public static ExportSource read(String checkpointDir, ResourceId tokenizer) throws IOException {
    Checkpoint checkpoint = readCheckpoint(checkpointDir);
    CheckpointManifest manifest = checkpoint.manifest();
    if (manifest.kind() != CheckpointKind.PEFT) {
      return new ExportSource(
          checkpointDir, manifest, checkpoint.config(), checkpoint.tensors(), null, tokenizer);
    }
    if (manifest.base() == null) {
      throw new UserError(
          checkpointDir
              + " is a PEFT-only checkpoint that records no base: it cannot be exported alone");
    }
    String baseLocation = manifest.base().location();
    Checkpoint base = readCheckpoint(baseLocation);
    try {
      manifest.requireBase(base.manifest(), baseLocation);
    } catch (IllegalArgumentException e) {
      throw new UserError(checkpointDir + ": " + e.getMessage(), e);
    }
    try {
      checkpoint
          .config()
          .model()
          .requireSameArchitecture(base.config().model(), "PEFT checkpoint", "base");
    } catch (IllegalArgumentException e) {
      throw new UserError(checkpointDir + ": " + e.getMessage(), e);
    }
    StateDict encoder = base.tensors().filter(n -> n.startsWith("bert.") && !PeftNames.isPeft(n));
    StateDict whole = new StateDict();
    encoder.asMap().forEach(whole::put);
    checkpoint.tensors().asMap().forEach(whole::put);
    String origin =
        base.manifest().provenance().hasNonNull("source")
            ? base.manifest().provenance().get("source").asText()
            : null;
    return new ExportSource(
        checkpointDir,
        manifest,
        checkpoint.config(),
        whole,
        new Base(baseLocation, manifest.base().sha256(), encoder, base.config(), origin),
        tokenizer);
  }

  private static Checkpoint readCheckpoint(String dir) throws IOException {
    CheckpointStore store = FileSystemsCheckpointStore.forSpec(dir);
    if (!store.exists(CheckpointManifest.FILE)) {
      throw new UserError(
          store.describe(CheckpointManifest.FILE)
              + " is missing: "
              + dir
              + " is not a (complete) primer checkpoint");
    }
    try {
      return CheckpointReader.read(store);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
  }
}

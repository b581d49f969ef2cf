package dev.primer.learn;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.primer.UserError;
import dev.primer.learn.checkpoint.Checkpoint;
import dev.primer.learn.checkpoint.CheckpointConfig;
import dev.primer.learn.checkpoint.CheckpointKind;
import dev.primer.learn.checkpoint.CheckpointManifest;
import dev.primer.learn.checkpoint.CheckpointReader;
import dev.primer.learn.checkpoint.CheckpointStore;
import dev.primer.learn.checkpoint.LoadTarget;
import dev.primer.learn.model.EncoderConfig;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.model.TensorSlot;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.util.TorchOps;
import dev.primer.learn.weights.ImportedModel;
import dev.primer.learn.weights.ModelConfig;
import dev.primer.learn.weights.PeftNames;
import dev.primer.learn.weights.StateDict;
import dev.primer.learn.weights.Tensor;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Loads checkpoints into DJL models ({@link EncoderModel}): a base or full checkpoint into a new
 * model configured from the checkpoint's {@code config.json}, a PEFT-only checkpoint on top of its
 * base, a checkpoint into an existing model, and imported pretrained weights ({@link
 * ImportedModel}: HF safetensors, the TF mBERT jar, {@code ModelDerivation} outputs) into a new
 * model. Saving: {@link CheckpointSaver}.
 *
 * <p>Every mismatch (architecture, PEFT configuration, label count, tensor name or shape, a PEFT
 * checkpoint on the wrong base, corrupt files) is refused with a {@link UserError} whose one-line
 * message names the checkpoint file and both values; nothing of the model is modified before all
 * checks pass. Checkpoint directories on any Beam file system: pass a {@code
 * dev.primer.io.FileSystemsCheckpointStore}.
 */
public final class CheckpointLoader {

  private CheckpointLoader() {}

  /**
   * A model loaded from a checkpoint.
   *
   * @param model the initialised model (owned by the caller's manager)
   * @param manifest the checkpoint's manifest (for a base + PEFT load, the PEFT checkpoint's)
   * @param config the checkpoint's config (labels, PEFT config)
   */
  public record Loaded(EncoderModel model, CheckpointManifest manifest, CheckpointConfig config) {

    /** Tag labels by id recorded in the checkpoint (empty when none were recorded). */
    public List<String> labels() {
      return config.labels();
    }
  }

  /**
   * Loads a base or full checkpoint into a new model built from the checkpoint's config.
   *
   * @param manager owner of the model's parameters (and device)
   * @throws UserError on a PEFT-only checkpoint, on any mismatch with {@code options}, or on a
   *     corrupt or incomplete checkpoint
   */
  public static Loaded load(CheckpointStore store, NDManager manager, LoadOptions options)
      throws IOException {
    CheckpointManifest manifest = manifest(store);
    if (manifest.kind() == CheckpointKind.PEFT) {
      throw new UserError(
          store.describe(CheckpointManifest.FILE)
              + " is a PEFT-only checkpoint: load it on top of its base (loadWithPeft)");
    }
    CheckpointConfig config = config(store, manifest);
    CheckpointContents contents = CheckpointContents.of(manifest, config);
    EncoderModel model =
        build(config, contents, options, store.describe(CheckpointReader.CONFIG_FILE));
    model.initialize(manager, options.dataType);
    read(store, model, CheckpointContents.mayBeMissing(contents), skipped(model, options));
    return new Loaded(model, manifest, config);
  }

  /**
   * Loads a base (or full) checkpoint and a PEFT-only checkpoint on top of it into a new model: the
   * encoder from the base's config; PEFT modules, classifier and masked-LM head as the PEFT
   * checkpoint holds them (a PEFT checkpoint of a model with a masked-LM head holds that head). The
   * PEFT checkpoint must have been trained on this base (same architecture; same weights sha256
   * when it records its base).
   */
  public static Loaded loadWithPeft(
      CheckpointStore base, CheckpointStore peft, NDManager manager, DataType dataType)
      throws IOException {
    CheckpointManifest peftManifest = manifest(peft);
    if (peftManifest.kind() != CheckpointKind.PEFT) {
      throw new UserError(
          peft.describe(CheckpointManifest.FILE)
              + " is a "
              + peftManifest.kind().jsonName()
              + " checkpoint, not a PEFT-only one");
    }
    CheckpointConfig peftConfig = config(peft, peftManifest);
    CheckpointManifest baseManifest = manifest(base);
    if (baseManifest.kind() == CheckpointKind.PEFT) {
      throw new UserError(
          base.describe(CheckpointManifest.FILE) + " is a PEFT-only checkpoint, not a base");
    }
    try {
      peftManifest.requireBase(baseManifest, base.describe(CheckpointManifest.FILE));
    } catch (IllegalArgumentException e) {
      throw new UserError(peft.describe(CheckpointManifest.FILE) + ": " + e.getMessage(), e);
    }
    CheckpointConfig baseConfig = config(base, baseManifest);
    try {
      peftConfig.model().requireSameArchitecture(baseConfig.model(), "PEFT checkpoint", "base");
    } catch (IllegalArgumentException e) {
      throw new UserError(peft.describe(CheckpointReader.CONFIG_FILE) + ": " + e.getMessage(), e);
    }
    CheckpointContents peftContents = CheckpointContents.of(peftManifest, peftConfig);
    LoadOptions options =
        LoadOptions.defaults()
            .withPeft(peftContents.peft)
            .withNumLabels(peftContents.numLabels)
            .withDataType(dataType)
            .withMaskedLm(peftContents.mlmHead)
            .skipCheckpointPeft();
    CheckpointContents baseContents = CheckpointContents.of(baseManifest, baseConfig);
    EncoderModel model =
        build(baseConfig, baseContents, options, base.describe(CheckpointReader.CONFIG_FILE));
    model.initialize(manager, dataType);
    read(base, model, CheckpointContents.mayBeMissing(baseContents), skipped(model, options));
    applyPeft(model, peft, peftManifest, peftConfig);
    return new Loaded(model, peftManifest, peftConfig);
  }

  /**
   * Copies a PEFT-only checkpoint into {@code model}, which must have the same architecture, PEFT
   * configuration and classifier size; every PEFT tensor of the model must be in the checkpoint.
   */
  public static CheckpointManifest loadPeftInto(EncoderModel model, CheckpointStore peft)
      throws IOException {
    CheckpointManifest manifest = manifest(peft);
    if (manifest.kind() != CheckpointKind.PEFT) {
      throw new UserError(
          peft.describe(CheckpointManifest.FILE)
              + " is a "
              + manifest.kind().jsonName()
              + " checkpoint, not a PEFT-only one");
    }
    applyPeft(model, peft, manifest, config(peft, manifest));
    return manifest;
  }

  /**
   * Copies a base or full checkpoint into an existing model of the same architecture: encoder
   * tensors must all be present; PEFT modules and heads the checkpoint lacks keep their values;
   * checkpoint heads the model lacks are skipped.
   */
  public static CheckpointManifest loadInto(EncoderModel model, CheckpointStore store)
      throws IOException {
    CheckpointManifest manifest = manifest(store);
    if (manifest.kind() == CheckpointKind.PEFT) {
      return loadPeftInto(model, store);
    }
    CheckpointConfig config = config(store, manifest);
    CheckpointContents contents = CheckpointContents.of(manifest, config);
    CheckpointContents.requirePeft(
        model.peft(), contents, store.describe(CheckpointReader.CONFIG_FILE), false);
    if (contents.numLabels > 0
        && model.numLabels() > 0
        && contents.numLabels != model.numLabels()) {
      throw new UserError(
          store.describe(CheckpointReader.CONFIG_FILE)
              + ": the checkpoint's classifier has "
              + contents.numLabels
              + " labels but the model's has "
              + model.numLabels());
    }
    LoadOptions options = LoadOptions.defaults();
    read(store, model, CheckpointContents.mayBeMissing(contents), skipped(model, options));
    return manifest;
  }

  /**
   * Builds a new model from imported weights (HF safetensors, the TF mBERT jar, a {@code
   * ModelDerivation} output) and copies them in. Encoder tensors must all be present; the MLM head
   * and a classifier are taken when the weights have them (see {@link LoadOptions}).
   */
  public static EncoderModel fromImported(
      ImportedModel imported, NDManager manager, LoadOptions options) {
    StateDict tensors = imported.tensors();
    CheckpointConfig config;
    try {
      config = CheckpointConfig.split(imported.config(), imported.source());
    } catch (IOException e) {
      throw new UserError(imported.source() + ": " + e.getMessage(), e);
    }
    CheckpointContents contents = CheckpointContents.of(tensors, config, imported.source());
    EncoderModel model = build(config, contents, options, imported.source());
    model.initialize(manager, options.dataType);
    Predicate<String> missing = CheckpointContents.mayBeMissing(contents);
    Predicate<String> skip = skipped(model, options);
    Map<String, long[]> shapes = targetShapes(model, skip);
    for (Map.Entry<String, Tensor> e : tensors.asMap().entrySet()) {
      long[] expected = shapes.get(e.getKey());
      if (expected == null) {
        if (!skip.test(e.getKey())) {
          throw new UserError(
              imported.source() + ": tensor " + e.getKey() + " is not a parameter of the model");
        }
      } else if (!Arrays.equals(expected, e.getValue().shape())) {
        throw new UserError(
            imported.source()
                + ": tensor "
                + e.getKey()
                + " has shape "
                + e.getValue().shapeString()
                + " but the model expects "
                + Arrays.toString(expected));
      }
    }
    for (String name : shapes.keySet()) {
      if (!tensors.contains(name) && !missing.test(name)) {
        throw new UserError(imported.source() + ": parameter " + name + " of the model is missing");
      }
    }
    copyIn(model, tensors.filter(shapes::containsKey));
    return model;
  }

  /**
   * The encoder configuration described by a HuggingFace-style config.
   *
   * @param source where the config came from, for the message
   * @throws UserError when the config describes a model this encoder cannot run
   */
  public static EncoderConfig encoderConfig(ModelConfig config, String source) {
    try {
      return config.encoderConfig();
    } catch (IllegalArgumentException e) {
      throw new UserError(source + ": " + e.getMessage(), e);
    }
  }

  private static EncoderModel build(
      CheckpointConfig config, CheckpointContents contents, LoadOptions options, String source) {
    EncoderConfig encoder = encoderConfig(config.model(), source);
    PeftConfig peft = options.peft == null ? contents.peft : options.peft;
    CheckpointContents.requirePeft(peft, contents, source, options.skipPeft);
    int labels = options.numLabels == null ? contents.numLabels : options.numLabels;
    if (labels > 0
        && contents.numLabels > 0
        && labels != contents.numLabels
        && !options.reinitClassifier) {
      throw new UserError(
          source
              + ": the checkpoint's classifier has "
              + contents.numLabels
              + " labels but "
              + labels
              + " were asked for (ask for a fresh classifier to replace it)");
    }
    boolean mlm = options.maskedLm == null ? contents.mlmHead : options.maskedLm;
    EncoderModel.Builder b = EncoderModel.builder().setConfig(encoder).optPeft(peft);
    if (labels > 0) {
      b.optTokenClassifier(labels);
    }
    if (mlm) {
      b.optMaskedLm();
    }
    return b.build();
  }

  /**
   * Tensors not taken from the checkpoint (model tensors keep their values, checkpoint tensors are
   * ignored): heads the model lacks or asked to be fresh, and PEFT parameters the caller skips.
   */
  private static Predicate<String> skipped(EncoderModel model, LoadOptions options) {
    boolean skipClassifier = model.numLabels() == 0 || options.reinitClassifier;
    boolean skipMlm = !model.hasMaskedLmHead();
    boolean skipPeft = options.skipPeft;
    return name ->
        (PeftNames.isClassifier(name) && skipClassifier)
            || (PeftNames.isMlmHead(name) && skipMlm)
            || (PeftNames.isPeft(name) && skipPeft);
  }

  private static void applyPeft(
      EncoderModel model,
      CheckpointStore peft,
      CheckpointManifest manifest,
      CheckpointConfig config)
      throws IOException {
    String source = peft.describe(CheckpointReader.CONFIG_FILE);
    try {
      config
          .model()
          .requireSameArchitecture(ModelConfig.of(model.config()), "PEFT checkpoint", "model");
    } catch (IllegalArgumentException e) {
      throw new UserError(source + ": " + e.getMessage(), e);
    }
    CheckpointContents contents = CheckpointContents.of(manifest, config);
    if (!contents.peft.equals(model.peft())) {
      throw new UserError(
          source
              + ": the checkpoint holds PEFT parameters for "
              + contents.peft
              + " but the model is built with "
              + model.peft());
    }
    if (contents.numLabels != model.numLabels()) {
      throw new UserError(
          source
              + ": the checkpoint's classifier has "
              + contents.numLabels
              + " labels but the model's has "
              + model.numLabels());
    }
    Predicate<String> held = CheckpointSaver.peftCheckpointTensors(model.peft().method());
    Predicate<String> missing =
        name ->
            !held.test(name)
                || (PeftNames.isMlmHead(name) && !contents.mlmHead)
                || (PeftNames.isClassifier(name) && contents.numLabels == 0);
    read(peft, model, missing, name -> false);
  }

  private static CheckpointManifest manifest(CheckpointStore store) throws IOException {
    try {
      return CheckpointReader.readManifest(store);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    } catch (IOException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  private static CheckpointConfig config(CheckpointStore store, CheckpointManifest manifest)
      throws IOException {
    try {
      return CheckpointReader.readConfig(store, manifest);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  /** Reads the checkpoint against the model's config and shapes, then copies it in. */
  private static void read(
      CheckpointStore store,
      EncoderModel model,
      Predicate<String> mayBeMissing,
      Predicate<String> skip)
      throws IOException {
    LoadTarget target =
        new LoadTarget(
            ModelConfig.of(model.config()), targetShapes(model, skip), mayBeMissing, skip);
    Checkpoint checkpoint;
    try {
      checkpoint = CheckpointReader.read(store, target);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
    copyIn(model, checkpoint.tensors());
  }

  /** Name to shape of the model tensors that are loaded (those not skipped). */
  private static Map<String, long[]> targetShapes(EncoderModel model, Predicate<String> skip) {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    for (TensorSlot slot : model.tensorSlots()) {
      if (!skip.test(slot.name())) {
        shapes.put(slot.name(), slot.shape().getShape());
      }
    }
    return shapes;
  }

  /** Copies the tensors the model has (shapes already checked), one at a time. */
  private static void copyIn(EncoderModel model, StateDict tensors) {
    for (TensorSlot slot : model.tensorSlots()) {
      Tensor t = tensors.get(slot.name());
      if (t == null) {
        continue;
      }
      try (NDManager temp = model.manager().newSubManager()) {
        TorchOps.copyInto(slot.parameter().getArray(), t.toNDArray(temp));
      }
    }
  }
}

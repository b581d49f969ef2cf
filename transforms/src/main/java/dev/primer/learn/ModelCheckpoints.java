package dev.primer.learn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.primer.UserError;
import dev.primer.learn.checkpoint.Checkpoint;
import dev.primer.learn.checkpoint.CheckpointConfig;
import dev.primer.learn.checkpoint.CheckpointKind;
import dev.primer.learn.checkpoint.CheckpointManifest;
import dev.primer.learn.checkpoint.CheckpointReader;
import dev.primer.learn.checkpoint.CheckpointStore;
import dev.primer.learn.checkpoint.CheckpointWriter;
import dev.primer.learn.checkpoint.LoadTarget;
import dev.primer.learn.model.EncoderConfig;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.model.TensorSlot;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.peft.PeftMethod;
import dev.primer.learn.peft.TrainableParameters;
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
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The bridge between the DJL model ({@link EncoderModel}) and the checkpoint format ({@code
 * dev.primer.learn.checkpoint}, a Java {@link StateDict} with HuggingFace names): saves a model as
 * a full checkpoint or as a PEFT-only checkpoint (its PEFT parameters plus heads), loads a
 * checkpoint into a new model configured from the checkpoint's {@code config.json}, applies a PEFT
 * checkpoint on top of its base, and turns imported pretrained weights ({@link ImportedModel}: HF
 * safetensors, the TF mBERT jar, {@code ModelDerivation} outputs) into a model.
 *
 * <p>Every mismatch (architecture, PEFT configuration, label count, tensor name or shape, a PEFT
 * checkpoint on the wrong base, corrupt files) is refused with a {@link UserError} whose one-line
 * message names the checkpoint file and both values; nothing of the model is modified before all
 * checks pass. Checkpoint directories on any Beam file system: pass a {@code
 * dev.primer.io.FileSystemsCheckpointStore}.
 */
public final class ModelCheckpoints {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelCheckpoints() {}

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
   * How to build the model a checkpoint or imported weights are loaded into. Unset fields follow
   * the checkpoint: its PEFT config (full fine-tuning when it has none), its classifier (label
   * count from its labels or its tensor shape) and its masked-LM head.
   */
  public static final class LoadOptions {
    private PeftConfig peft;
    private Integer numLabels;
    private Boolean maskedLm;
    private boolean reinitClassifier;
    private boolean skipPeft;
    private DataType dataType = DataType.FLOAT32;

    private LoadOptions() {}

    /** Everything as in the checkpoint, float32. */
    public static LoadOptions defaults() {
      return new LoadOptions();
    }

    /**
     * Inserts these PEFT modules. When the checkpoint holds no PEFT parameters they start from
     * their initialisation; when it holds PEFT parameters of another configuration the load is
     * refused (unless the checkpoint's PEFT parameters are skipped with {@link
     * #skipCheckpointPeft}).
     */
    public LoadOptions withPeft(PeftConfig peft) {
      this.peft = Objects.requireNonNull(peft, "peft");
      return this;
    }

    /**
     * A token classifier over {@code numLabels} labels (0: no classifier; a classifier in the
     * checkpoint is then skipped). When the checkpoint has one of another size the load is refused
     * unless {@link #withFreshClassifier()} asks for a new one.
     */
    public LoadOptions withNumLabels(int numLabels) {
      if (numLabels < 0) {
        throw new IllegalArgumentException("numLabels must be >= 0, got " + numLabels);
      }
      this.numLabels = numLabels;
      return this;
    }

    /** Ignores the checkpoint's classifier: the model's classifier keeps its initialisation. */
    public LoadOptions withFreshClassifier() {
      this.reinitClassifier = true;
      return this;
    }

    /** Whether the model gets the masked-LM head (a head in the checkpoint is skipped if not). */
    public LoadOptions withMaskedLm(boolean maskedLm) {
      this.maskedLm = maskedLm;
      return this;
    }

    /** Element type of the parameters ({@link DataType#FLOAT32} or {@link DataType#FLOAT64}). */
    public LoadOptions withDataType(DataType dataType) {
      this.dataType = Objects.requireNonNull(dataType, "dataType");
      return this;
    }

    /** Skips PEFT parameters held by the checkpoint (e.g. a primed model's own adapters). */
    public LoadOptions skipCheckpointPeft() {
      this.skipPeft = true;
      return this;
    }
  }

  // ---------------------------------------------------------------- conversions

  /** The HuggingFace {@code config.json} form of {@code config}. */
  public static ModelConfig modelConfig(EncoderConfig config) {
    return ModelConfig.of(config);
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

  /** A copy of every state-dict tensor of {@code model} (float32), under HuggingFace names. */
  public static StateDict stateDict(EncoderModel model) {
    return stateDict(model, name -> true);
  }

  /** A copy of the state-dict tensors of {@code model} whose names pass {@code select}. */
  public static StateDict stateDict(EncoderModel model, Predicate<String> select) {
    StateDict out = new StateDict();
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try (NDManager temp = model.manager().newSubManager()) {
      for (TensorSlot slot : model.tensorSlots()) {
        if (!select.test(slot.name())) {
          continue;
        }
        NDArray copy = slot.parameter().getArray().duplicate();
        copy.attach(temp);
        out.put(slot.name(), Tensor.fromNDArray(copy));
        copy.close();
      }
    } finally {
      JniUtils.setGradMode(grad);
    }
    return out;
  }

  /** The names of the tensors a PEFT-only checkpoint of a model with {@code method} holds. */
  public static Predicate<String> peftCheckpointTensors(PeftMethod method) {
    if (method == PeftMethod.FULL) {
      throw new IllegalArgumentException(
          "full fine-tuning has no PEFT-only checkpoint: save the full model");
    }
    return TrainableParameters.predicate(method);
  }

  /**
   * The {@code config.json} content for {@code model}: its encoder config, its PEFT config (unless
   * full fine-tuning) and {@code labels}.
   *
   * @param labels tag labels by id; empty, or exactly as many as the classifier has outputs
   */
  public static CheckpointConfig checkpointConfig(EncoderModel model, List<String> labels) {
    List<String> names = labels == null ? List.of() : labels;
    if (!names.isEmpty() && names.size() != model.numLabels()) {
      throw new IllegalArgumentException(
          names.size() + " labels given but the model's classifier has " + model.numLabels());
    }
    JsonNode peft = null;
    if (model.peft().method() != PeftMethod.FULL) {
      try {
        peft = JSON.readTree(model.peft().toJson());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return new CheckpointConfig(modelConfig(model.config()), names, peft);
  }

  // ---------------------------------------------------------------- saving

  /**
   * Saves every tensor of {@code model} (PEFT modules and heads included).
   *
   * @param kind {@link CheckpointKind#BASE} (a pretrained encoder) or {@link CheckpointKind#FULL}
   * @param labels tag labels by id (may be empty)
   * @param provenance free-form facts for {@code checkpoint.json} (may be empty)
   */
  public static CheckpointManifest saveFull(
      EncoderModel model,
      CheckpointStore store,
      CheckpointKind kind,
      List<String> labels,
      Map<String, ?> provenance)
      throws IOException {
    if (kind == CheckpointKind.PEFT) {
      throw new IllegalArgumentException("use savePeft for PEFT-only checkpoints");
    }
    return new CheckpointWriter()
        .write(store, kind, stateDict(model), checkpointConfig(model, labels), provenance, null);
  }

  /**
   * Saves only what PEFT fine-tuning trains: the PEFT parameters of the model's method plus its
   * heads (for BitFit, the biases). The config still records the whole encoder so the checkpoint
   * can be checked against its base.
   *
   * @param base the base checkpoint the model was loaded from (recorded so that {@link
   *     #loadWithPeft} refuses another base), or {@code null}
   */
  public static CheckpointManifest savePeft(
      EncoderModel model,
      CheckpointStore store,
      List<String> labels,
      Map<String, ?> provenance,
      CheckpointManifest.BaseReference base)
      throws IOException {
    Predicate<String> select = peftCheckpointTensors(model.peft().method());
    return new CheckpointWriter()
        .write(
            store,
            CheckpointKind.PEFT,
            stateDict(model, select),
            checkpointConfig(model, labels),
            provenance,
            base);
  }

  // ---------------------------------------------------------------- loading

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
    Contents contents = Contents.of(manifest, config);
    EncoderModel model =
        build(config, contents, options, store.describe(CheckpointReader.CONFIG_FILE));
    model.initialize(manager, options.dataType);
    read(store, model, mayBeMissing(contents), skipped(model, options));
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
    Contents peftContents = Contents.of(peftManifest, peftConfig);
    LoadOptions options =
        LoadOptions.defaults()
            .withPeft(peftContents.peft)
            .withNumLabels(peftContents.numLabels)
            .withDataType(dataType)
            .withMaskedLm(peftContents.mlmHead)
            .skipCheckpointPeft();
    Contents baseContents = Contents.of(baseManifest, baseConfig);
    EncoderModel model =
        build(baseConfig, baseContents, options, base.describe(CheckpointReader.CONFIG_FILE));
    model.initialize(manager, dataType);
    read(base, model, mayBeMissing(baseContents), skipped(model, options));
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
    Contents contents = Contents.of(manifest, config);
    requirePeft(model.peft(), contents, store.describe(CheckpointReader.CONFIG_FILE), false);
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
    read(store, model, mayBeMissing(contents), skipped(model, options));
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
    Contents contents = Contents.of(tensors, config, imported.source());
    EncoderModel model = build(config, contents, options, imported.source());
    model.initialize(manager, options.dataType);
    Predicate<String> missing = mayBeMissing(contents);
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

  // ---------------------------------------------------------------- internals

  /** What a checkpoint (or imported state dict) holds, from its manifest counts and config. */
  private static final class Contents {
    final PeftConfig peft;
    final boolean hasPeftTensors;
    final int numLabels;
    final boolean mlmHead;

    private Contents(PeftConfig peft, boolean hasPeftTensors, int numLabels, boolean mlmHead) {
      this.peft = peft;
      this.hasPeftTensors = hasPeftTensors;
      this.numLabels = numLabels;
      this.mlmHead = mlmHead;
    }

    static Contents of(CheckpointManifest manifest, CheckpointConfig config) {
      Map<String, Long> counts = manifest.parameters();
      long classifier = counts.getOrDefault("classifier", 0L);
      int labels = config.labels().size();
      if (labels == 0 && classifier > 0) {
        labels = (int) (classifier / (config.model().hiddenSize() + 1L));
      }
      return new Contents(
          peftOf(config, "checkpoint config"),
          counts.getOrDefault("peft", 0L) > 0
              || (config.peft() != null && manifest.kind() == CheckpointKind.PEFT),
          labels,
          counts.getOrDefault("mlm_head", 0L) > 0);
    }

    static Contents of(StateDict tensors, CheckpointConfig config, String source) {
      Tensor classifier = tensors.get("classifier.weight");
      int labels = classifier == null ? 0 : (int) classifier.dim(0);
      if (!config.labels().isEmpty() && classifier != null && config.labels().size() != labels) {
        throw new UserError(
            source
                + ": the config names "
                + config.labels().size()
                + " labels but classifier.weight has "
                + labels
                + " rows");
      }
      return new Contents(
          peftOf(config, source),
          tensors.names().stream().anyMatch(PeftNames::isPeft),
          labels,
          tensors.names().stream().anyMatch(PeftNames::isMlmHead));
    }

    private static PeftConfig peftOf(CheckpointConfig config, String source) {
      if (config.peft() == null) {
        return PeftConfig.full();
      }
      try {
        return PeftConfig.fromJson(config.peft().toString());
      } catch (IllegalArgumentException e) {
        throw new UserError(source + ": bad PEFT config: " + e.getMessage(), e);
      }
    }
  }

  private static EncoderModel build(
      CheckpointConfig config, Contents contents, LoadOptions options, String source) {
    EncoderConfig encoder = encoderConfig(config.model(), source);
    PeftConfig peft = options.peft == null ? contents.peft : options.peft;
    requirePeft(peft, contents, source, options.skipPeft);
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

  private static void requirePeft(
      PeftConfig wanted, Contents contents, String source, boolean skipCheckpointPeft) {
    if (!contents.hasPeftTensors || skipCheckpointPeft || wanted.equals(contents.peft)) {
      return;
    }
    throw new UserError(
        source
            + ": the checkpoint holds PEFT parameters for "
            + contents.peft
            + " but the model is built with "
            + wanted);
  }

  /** Model tensors a checkpoint may lack: PEFT modules and heads it does not hold. */
  private static Predicate<String> mayBeMissing(Contents contents) {
    return name ->
        (PeftNames.isPeft(name) && !contents.hasPeftTensors)
            || (PeftNames.isClassifier(name) && contents.numLabels == 0)
            || (PeftNames.isMlmHead(name) && !contents.mlmHead);
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
          .requireSameArchitecture(modelConfig(model.config()), "PEFT checkpoint", "model");
    } catch (IllegalArgumentException e) {
      throw new UserError(source + ": " + e.getMessage(), e);
    }
    Contents contents = Contents.of(manifest, config);
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
    Predicate<String> held = peftCheckpointTensors(model.peft().method());
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
        new LoadTarget(modelConfig(model.config()), targetShapes(model, skip), mayBeMissing, skip);
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

package dev.primer.learn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import dev.primer.Json;
import dev.primer.learn.checkpoint.CheckpointConfig;
import dev.primer.learn.checkpoint.CheckpointKind;
import dev.primer.learn.checkpoint.CheckpointManifest;
import dev.primer.learn.checkpoint.CheckpointStore;
import dev.primer.learn.checkpoint.CheckpointWriter;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.model.TensorSlot;
import dev.primer.learn.peft.PeftMethod;
import dev.primer.learn.peft.TrainableParameters;
import dev.primer.learn.weights.ModelConfig;
import dev.primer.learn.weights.StateDict;
import dev.primer.learn.weights.Tensor;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Saves a DJL model ({@link EncoderModel}) in the checkpoint format ({@code
 * dev.primer.learn.checkpoint}, a Java {@link StateDict} with HuggingFace names): as a full (or
 * base) checkpoint, or as a PEFT-only checkpoint (its PEFT parameters plus heads) that records its
 * base. A checkpoint directory holds the weights ({@code model.safetensors} or {@code
 * peft.safetensors}), {@code config.json} ({@link ModelConfig} plus labels and PEFT config) and,
 * written last, {@code checkpoint.json} with their sha256. Loading: {@link CheckpointLoader}.
 * Directories on any Beam file system: pass a {@code dev.primer.io.FileSystemsCheckpointStore}.
 */
public final class CheckpointSaver {

  private CheckpointSaver() {}

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
        peft = Json.mapper().readTree(model.peft().toJson());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return new CheckpointConfig(ModelConfig.of(model.config()), names, peft);
  }

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
   *     CheckpointLoader#loadWithPeft} refuses another base), or {@code null}
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
}

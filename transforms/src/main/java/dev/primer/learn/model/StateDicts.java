package dev.primer.learn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.primer.learn.util.TorchOps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Export and import of a model's tensors under HuggingFace BERT names (the contract with the
 * checkpoint and weight-import code). Weights are {@code [out, in]} like torch Linear.
 */
public final class StateDicts {

  private StateDicts() {}

  /**
   * Copies every state-dict tensor of {@code model}.
   *
   * @param model the model
   * @param manager owner of the returned copies
   * @return name to detached copy, in the model's order
   */
  public static Map<String, NDArray> export(EncoderModel model, NDManager manager) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      for (TensorSlot slot : model.tensorSlots()) {
        NDArray copy = slot.parameter().getArray().duplicate();
        copy.attach(manager);
        copy.setName(slot.name());
        out.put(slot.name(), copy);
      }
    } finally {
      JniUtils.setGradMode(grad);
    }
    return out;
  }

  /** Name to shape of every state-dict tensor of {@code model}, in order. */
  public static Map<String, Shape> shapes(EncoderModel model) {
    Map<String, Shape> out = new LinkedHashMap<>();
    for (TensorSlot slot : model.tensorSlots()) {
      out.put(slot.name(), slot.shape());
    }
    return out;
  }

  /**
   * Copies tensors into the model after checking every name and shape; nothing is written unless
   * all checks pass.
   *
   * @param model the model (initialised)
   * @param tensors name to array (any float type and device; converted while copying)
   * @param policy which missing/unexpected names are tolerated
   * @throws IllegalArgumentException naming the first missing, unexpected or mis-shaped tensor
   */
  public static void load(EncoderModel model, Map<String, NDArray> tensors, LoadPolicy policy) {
    List<TensorSlot> slots = model.tensorSlots();
    Map<String, TensorSlot> byName = new LinkedHashMap<>();
    for (TensorSlot slot : slots) {
      byName.put(slot.name(), slot);
    }
    for (TensorSlot slot : slots) {
      NDArray value = tensors.get(slot.name());
      if (value == null) {
        if (!policy.allowsMissing(slot.name())) {
          throw new IllegalArgumentException(
              "state dict does not match the model: missing tensor "
                  + slot.name()
                  + " "
                  + slot.shape());
        }
        continue;
      }
      if (!value.getShape().equals(slot.shape())) {
        throw new IllegalArgumentException(
            "state dict does not match the model: tensor "
                + slot.name()
                + " has shape "
                + value.getShape()
                + " but the model expects "
                + slot.shape());
      }
      DataType type = value.getDataType();
      if (type != DataType.FLOAT32 && type != DataType.FLOAT64 && type != DataType.FLOAT16) {
        throw new IllegalArgumentException(
            "state dict tensor "
                + slot.name()
                + " has type "
                + type
                + "; convert it to float32 first");
      }
    }
    for (String name : new TreeSet<>(tensors.keySet())) {
      if (!byName.containsKey(name) && !policy.allowsUnexpected(name)) {
        throw new IllegalArgumentException(
            "state dict does not match the model: unexpected tensor "
                + name
                + " "
                + tensors.get(name).getShape());
      }
    }
    for (TensorSlot slot : slots) {
      NDArray value = tensors.get(slot.name());
      if (value == null) {
        continue;
      }
      TorchOps.copyInto(slot.parameter().getArray(), value);
    }
  }
}

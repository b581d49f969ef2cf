package dev.primer.learn;

import ai.djl.ndarray.types.DataType;
import dev.primer.learn.peft.PeftConfig;
import java.util.Objects;

/**
 * How {@link CheckpointLoader} builds the model a checkpoint or imported weights are loaded into.
 * Unset fields follow the checkpoint: its PEFT config (full fine-tuning when it has none), its
 * classifier (label count from its labels or its tensor shape) and its masked-LM head.
 */
public final class LoadOptions {
  PeftConfig peft;
  Integer numLabels;
  Boolean maskedLm;
  boolean reinitClassifier;
  boolean skipPeft;
  DataType dataType = DataType.FLOAT32;

  private LoadOptions() {}

  /** Everything as in the checkpoint, float32. */
  public static LoadOptions defaults() {
    return new LoadOptions();
  }

  /**
   * Inserts these PEFT modules. When the checkpoint holds no PEFT parameters they start from their
   * initialisation; when it holds PEFT parameters of another configuration the load is refused
   * (unless the checkpoint's PEFT parameters are skipped with {@link #skipCheckpointPeft}).
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

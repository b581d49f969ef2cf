package dev.primer.learn.checkpoint;

/** What a checkpoint holds, and so the name of its weights file. */
public enum CheckpointKind {
  /** A pretrained encoder (with its MLM head when present), e.g. imported mBERT. */
  BASE("model.safetensors"),
  /** A whole fine-tuned or primed model. */
  FULL("model.safetensors"),
  /** Only the PEFT parameters (and usually the task head): small, applied on top of a base. */
  PEFT("peft.safetensors");

  private final String weightsFile;

  CheckpointKind(String weightsFile) {
    this.weightsFile = weightsFile;
  }

  /** The name of the safetensors file in the checkpoint directory. */
  public String weightsFile() {
    return weightsFile;
  }

  /** The lower-case name used in {@code checkpoint.json}. */
  public String jsonName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Parses the lower-case name used in {@code checkpoint.json}. */
  public static CheckpointKind fromJsonName(String name) {
    for (CheckpointKind k : values()) {
      if (k.jsonName().equals(name)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "Unknown checkpoint kind '" + name + "' (expected base, full or peft)");
  }
}

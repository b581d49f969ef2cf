package dev.primer.learn;

import dev.primer.UserError;
import dev.primer.learn.checkpoint.CheckpointConfig;
import dev.primer.learn.checkpoint.CheckpointKind;
import dev.primer.learn.checkpoint.CheckpointManifest;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.weights.PeftNames;
import dev.primer.learn.weights.StateDict;
import dev.primer.learn.weights.Tensor;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a checkpoint (or imported state dict) holds, from its manifest counts and config: its PEFT
 * configuration, whether it has PEFT tensors, its classifier's label count and whether it has a
 * masked-LM head. {@link CheckpointLoader}'s view of a checkpoint before building a model for it.
 */
final class CheckpointContents {
  final PeftConfig peft;
  final boolean hasPeftTensors;
  final int numLabels;
  final boolean mlmHead;

  private CheckpointContents(
      PeftConfig peft, boolean hasPeftTensors, int numLabels, boolean mlmHead) {
    this.peft = peft;
    this.hasPeftTensors = hasPeftTensors;
    this.numLabels = numLabels;
    this.mlmHead = mlmHead;
  }

  static CheckpointContents of(CheckpointManifest manifest, CheckpointConfig config) {
    Map<String, Long> counts = manifest.parameters();
    long classifier = counts.getOrDefault("classifier", 0L);
    int labels = config.labels().size();
    if (labels == 0 && classifier > 0) {
      labels = (int) (classifier / (config.model().hiddenSize() + 1L));
    }
    return new CheckpointContents(
        peftOf(config, "checkpoint config"),
        counts.getOrDefault("peft", 0L) > 0
            || (config.peft() != null && manifest.kind() == CheckpointKind.PEFT),
        labels,
        counts.getOrDefault("mlm_head", 0L) > 0);
  }

  static CheckpointContents of(StateDict tensors, CheckpointConfig config, String source) {
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
    return new CheckpointContents(
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

  static void requirePeft(
      PeftConfig wanted, CheckpointContents contents, String source, boolean skipCheckpointPeft) {
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
  static Predicate<String> mayBeMissing(CheckpointContents contents) {
    return name ->
        (PeftNames.isPeft(name) && !contents.hasPeftTensors)
            || (PeftNames.isClassifier(name) && contents.numLabels == 0)
            || (PeftNames.isMlmHead(name) && !contents.mlmHead);
  }
}

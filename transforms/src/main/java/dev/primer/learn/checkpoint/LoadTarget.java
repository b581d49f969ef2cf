package dev.primer.learn.checkpoint;

import dev.primer.learn.weights.ModelConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a checkpoint is loaded into: the target model's config and parameter shapes, and which names
 * may be absent on either side. Shapes must always match for names present on both sides.
 *
 * @param config the target's config; its architecture fields must equal the checkpoint's ({@code
 *     null} skips the check)
 * @param shapes name to shape of every parameter of the target
 * @param mayBeMissing target parameters that may be absent from the checkpoint (e.g. all but the
 *     PEFT tensors for a PEFT checkpoint, or a fresh task head under a base checkpoint)
 * @param mayBeUnexpected checkpoint tensors unknown to the target that are skipped instead of
 *     refused (e.g. the MLM head when loading a base checkpoint into a tagger)
 */
public record LoadTarget(
    ModelConfig config,
    Map<String, long[]> shapes,
    Predicate<String> mayBeMissing,
    Predicate<String> mayBeUnexpected) {

  /** Copies the shapes. */
  public LoadTarget {
    shapes = Collections.unmodifiableMap(new LinkedHashMap<>(shapes));
  }

  /** All-or-nothing tolerances. */
  public LoadTarget(
      ModelConfig config,
      Map<String, long[]> shapes,
      boolean allowMissing,
      boolean allowUnexpected) {
    this(config, shapes, name -> allowMissing, name -> allowUnexpected);
  }

  /** Every tensor must match in both directions. */
  public static LoadTarget strict(ModelConfig config, Map<String, long[]> shapes) {
    return new LoadTarget(config, shapes, false, false);
  }

  /** For PEFT checkpoints: every tensor of the checkpoint must exist in the target. */
  public static LoadTarget subset(ModelConfig config, Map<String, long[]> shapes) {
    return new LoadTarget(config, shapes, true, false);
  }
}

package dev.primer.learn.weights;

import java.util.List;

/**
 * Pretrained weights converted to our names.
 *
 * @param config the model config (HF {@code config.json} form)
 * @param tensors the weights, checked against the config
 * @param dropped source tensor names that were not imported (pooler, NSP head, tied decoder, ...)
 * @param source where the weights came from, for messages and provenance
 */
public record ImportedModel(
    ModelConfig config, StateDict tensors, List<String> dropped, String source) {

  /** Copies the list. */
  public ImportedModel {
    dropped = List.copyOf(dropped);
  }
}

package dev.primer.learn.checkpoint;

import dev.primer.learn.weights.StateDict;

/**
 * A checkpoint read back by {@link CheckpointReader}.
 *
 * @param manifest the verified {@code checkpoint.json}
 * @param config the {@code config.json}
 * @param tensors the weights
 */
public record Checkpoint(CheckpointManifest manifest, CheckpointConfig config, StateDict tensors) {}

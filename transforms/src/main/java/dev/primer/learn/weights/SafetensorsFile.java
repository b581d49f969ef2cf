package dev.primer.learn.weights;

import java.util.Map;

/**
 * The content of a safetensors file as read by {@link SafetensorsReader}.
 *
 * @param metadata the {@code __metadata__} map (empty when absent)
 * @param tensors the tensors, in header order, float types widened to float32
 */
public record SafetensorsFile(Map<String, String> metadata, StateDict tensors) {}

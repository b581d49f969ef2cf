package dev.primer.learn.peft;

import ai.djl.ndarray.NDArray;
import dev.primer.learn.util.TorchOps;
import java.util.Locale;

/** Non-linearity inside a bottleneck adapter. */
public enum AdapterActivation {
  /** ReLU (AdapterHub's Pfeiffer default). */
  RELU,
  /** GELU, erf form. */
  GELU,
  /** SiLU / swish (AdapterHub's Houlsby default). */
  SILU;

  /** Applies the activation. */
  public NDArray apply(NDArray x) {
    switch (this) {
      case RELU:
        return TorchOps.relu(x);
      case GELU:
        return TorchOps.gelu(x);
      case SILU:
        return TorchOps.silu(x);
      default:
        throw new IllegalStateException(name());
    }
  }

  /** Lower-case name used in JSON. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a JSON name; {@code swish} is accepted for SiLU. */
  public static AdapterActivation fromJsonName(String name) {
    if (name.equalsIgnoreCase("swish")) {
      return SILU;
    }
    for (AdapterActivation a : values()) {
      if (a.name().equalsIgnoreCase(name)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "unknown adapter non_linearity '" + name + "': expected relu, gelu, silu");
  }
}

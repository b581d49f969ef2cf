package dev.primer.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of every stage that trains or runs a model. */
public interface TrainingOptions extends PrimerOptions {

  @Description(
      "Deterministic mode: one libtorch intra-op thread (JVM-wide) and seeded generators, so that a"
          + " rerun on the CPU gives bit-identical parameters (slower on multi-core machines).")
  @Default.Boolean(false)
  Boolean getDeterministic();

  void setDeterministic(Boolean value);
}

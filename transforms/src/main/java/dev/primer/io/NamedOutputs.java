package dev.primer.io;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The {@link POutput} of a composite transform with several named collections: a subclass registers
 * each with {@link #output} and exposes it through a typed accessor. {@link #expand} lists them in
 * registration order; an absent (null) collection is not listed.
 */
public abstract class NamedOutputs implements POutput {

  private final Pipeline pipeline;
  private final Map<TupleTag<?>, PValue> outputs = new LinkedHashMap<>();

  protected NamedOutputs(Pipeline pipeline) {
    this.pipeline = pipeline;
  }

  /** Registers {@code collection} (may be null: then nothing) under {@code tag}; returns it. */
  protected final <T> PCollection<T> output(TupleTag<T> tag, PCollection<T> collection) {
    if (collection != null) {
      outputs.put(tag, collection);
    }
    return collection;
  }

  @Override
  public final Pipeline getPipeline() {
    return pipeline;
  }

  @Override
  public final Map<TupleTag<?>, PValue> expand() {
    return new LinkedHashMap<>(outputs);
  }

  @Override
  public final void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {}
}

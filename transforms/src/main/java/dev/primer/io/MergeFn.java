package dev.primer.io;

import java.io.Serializable;
import java.util.function.Supplier;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine;

/**
 * Sums mutable counters ({@link Mergeable}): the accumulator starts empty and every input and
 * accumulator is merged into one; input, accumulator and output share {@code coder}.
 */
public final class MergeFn<T extends MergeFn.Mergeable<T>> extends Combine.CombineFn<T, T, T> {

  /** Counters that add another instance's counts into this one and return this. */
  public interface Mergeable<T> extends Serializable {
    T merge(T other);
  }

  /** A serializable factory of empty counters. */
  @FunctionalInterface
  public interface Empty<T> extends Supplier<T>, Serializable {}

  private final Empty<T> empty;
  private final Coder<T> coder;

  public MergeFn(Empty<T> empty, Coder<T> coder) {
    this.empty = empty;
    this.coder = coder;
  }

  @Override
  public T createAccumulator() {
    return empty.get();
  }

  @Override
  public T addInput(T acc, T input) {
    return acc.merge(input);
  }

  @Override
  public T mergeAccumulators(Iterable<T> accs) {
    T out = empty.get();
    accs.forEach(out::merge);
    return out;
  }

  @Override
  public T extractOutput(T acc) {
    return acc;
  }

  @Override
  public Coder<T> getAccumulatorCoder(CoderRegistry r, Coder<T> in) {
    return coder;
  }

  @Override
  public Coder<T> getDefaultOutputCoder(CoderRegistry r, Coder<T> in) {
    return coder;
  }
}

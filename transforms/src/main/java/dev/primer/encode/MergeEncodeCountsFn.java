package dev.primer.encode;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine;

/** Sums {@link EncodeCounts}. */
final class MergeEncodeCountsFn
    extends Combine.CombineFn<EncodeCounts, EncodeCounts, EncodeCounts> {

  @Override
  public EncodeCounts createAccumulator() {
    return new EncodeCounts();
  }

  @Override
  public EncodeCounts addInput(EncodeCounts acc, EncodeCounts input) {
    return acc.merge(input);
  }

  @Override
  public EncodeCounts mergeAccumulators(Iterable<EncodeCounts> accs) {
    EncodeCounts out = new EncodeCounts();
    accs.forEach(out::merge);
    return out;
  }

  @Override
  public EncodeCounts extractOutput(EncodeCounts acc) {
    return acc;
  }

  @Override
  public Coder<EncodeCounts> getAccumulatorCoder(CoderRegistry r, Coder<EncodeCounts> in) {
    return EncodeCounts.CODER;
  }

  @Override
  public Coder<EncodeCounts> getDefaultOutputCoder(CoderRegistry r, Coder<EncodeCounts> in) {
    return EncodeCounts.CODER;
  }
}

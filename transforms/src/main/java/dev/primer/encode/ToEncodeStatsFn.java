package dev.primer.encode;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.values.KV;

/** Collects per-(lang, split) counts into one {@link EncodeStats}. */
final class ToEncodeStatsFn
    extends Combine.CombineFn<KV<KV<String, String>, EncodeCounts>, EncodeStats, EncodeStats> {

  @Override
  public EncodeStats createAccumulator() {
    return new EncodeStats();
  }

  @Override
  public EncodeStats addInput(EncodeStats acc, KV<KV<String, String>, EncodeCounts> in) {
    return acc.add(in.getKey().getKey(), in.getKey().getValue(), in.getValue());
  }

  @Override
  public EncodeStats mergeAccumulators(Iterable<EncodeStats> accs) {
    EncodeStats out = new EncodeStats();
    for (EncodeStats a : accs) {
      a.getLanguages()
          .forEach((lang, splits) -> splits.forEach((split, c) -> out.add(lang, split, c)));
    }
    return out;
  }

  @Override
  public EncodeStats extractOutput(EncodeStats acc) {
    return acc;
  }

  @Override
  public Coder<EncodeStats> getAccumulatorCoder(
      CoderRegistry r, Coder<KV<KV<String, String>, EncodeCounts>> in) {
    return SerializableCoder.of(EncodeStats.class);
  }

  @Override
  public Coder<EncodeStats> getDefaultOutputCoder(
      CoderRegistry r, Coder<KV<KV<String, String>, EncodeCounts>> in) {
    return SerializableCoder.of(EncodeStats.class);
  }
}

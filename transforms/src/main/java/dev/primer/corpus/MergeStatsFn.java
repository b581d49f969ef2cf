package dev.primer.corpus;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine;

/** Sums the {@link CorpusStats} of one {@code lang/split}. */
final class MergeStatsFn extends Combine.CombineFn<CorpusStats, CorpusStats, CorpusStats> {
  private static final long serialVersionUID = 1L;

  @Override
  public CorpusStats createAccumulator() {
    return CorpusStats.empty();
  }

  @Override
  public CorpusStats addInput(CorpusStats acc, CorpusStats input) {
    return acc.add(input);
  }

  @Override
  public CorpusStats mergeAccumulators(Iterable<CorpusStats> accumulators) {
    CorpusStats merged = CorpusStats.empty();
    for (CorpusStats acc : accumulators) {
      merged.add(acc);
    }
    return merged;
  }

  @Override
  public CorpusStats extractOutput(CorpusStats acc) {
    return acc;
  }

  @Override
  public Coder<CorpusStats> getAccumulatorCoder(
      CoderRegistry registry, Coder<CorpusStats> inputCoder) {
    return CorpusStatsCoder.of();
  }

  @Override
  public Coder<CorpusStats> getDefaultOutputCoder(
      CoderRegistry registry, Coder<CorpusStats> inputCoder) {
    return CorpusStatsCoder.of();
  }
}

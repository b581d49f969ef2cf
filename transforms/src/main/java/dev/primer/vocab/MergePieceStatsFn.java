package dev.primer.vocab;

import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;

/** Sums {@link PieceStats}. */
final class MergePieceStatsFn extends Combine.CombineFn<PieceStats, PieceStats, PieceStats> {

  @Override
  public PieceStats createAccumulator() {
    return new PieceStats();
  }

  @Override
  public PieceStats addInput(PieceStats acc, PieceStats input) {
    return acc.merge(input);
  }

  @Override
  public PieceStats mergeAccumulators(Iterable<PieceStats> accs) {
    PieceStats out = new PieceStats();
    for (PieceStats a : accs) {
      out.merge(a);
    }
    return out;
  }

  @Override
  public PieceStats extractOutput(PieceStats acc) {
    return acc;
  }

  @Override
  public Coder<PieceStats> getAccumulatorCoder(CoderRegistry r, Coder<PieceStats> in)
      throws CannotProvideCoderException {
    return SerializableCoder.of(PieceStats.class);
  }

  @Override
  public Coder<PieceStats> getDefaultOutputCoder(CoderRegistry r, Coder<PieceStats> in)
      throws CannotProvideCoderException {
    return SerializableCoder.of(PieceStats.class);
  }
}

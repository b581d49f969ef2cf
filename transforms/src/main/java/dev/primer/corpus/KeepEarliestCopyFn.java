package dev.primer.corpus;

import dev.primer.io.SpecificAvro;
import dev.primer.schemas.Sentence;
import dev.primer.schemas.SourcePosition;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Comparator;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;

/**
 * Combines the copies of one sentence id into the copy with the smallest (source, line, byte
 * offset) position, its {@code copies} set to the sum of the copies combined. Copies with the same
 * id but different content (a 128-bit hash collision) fail loudly instead of being merged.
 */
final class KeepEarliestCopyFn
    extends Combine.CombineFn<Sentence, KeepEarliestCopyFn.Earliest, Sentence> {
  private static final long serialVersionUID = 1L;

  static final Comparator<SourcePosition> POSITION_ORDER =
      Comparator.comparing(SourcePosition::getSource)
          .thenComparingLong(SourcePosition::getLine)
          .thenComparingLong(SourcePosition::getByteOffset);

  /** The accumulator: the earliest copy seen and the number of copies. */
  static final class Earliest {
    Sentence sentence;
    long copies;
  }

  @Override
  public Earliest createAccumulator() {
    return new Earliest();
  }

  @Override
  public Earliest addInput(Earliest acc, Sentence input) {
    return add(acc, input, input.getCopies());
  }

  @Override
  public Earliest mergeAccumulators(Iterable<Earliest> accumulators) {
    Earliest merged = new Earliest();
    for (Earliest acc : accumulators) {
      if (acc.sentence != null) {
        add(merged, acc.sentence, acc.copies);
      }
    }
    return merged;
  }

  @Override
  public Sentence extractOutput(Earliest acc) {
    if (acc.sentence == null) {
      throw new IllegalStateException("no sentence to keep");
    }
    return Sentence.newBuilder(acc.sentence).setCopies(Math.toIntExact(acc.copies)).build();
  }

  @Override
  public Coder<Earliest> getAccumulatorCoder(CoderRegistry registry, Coder<Sentence> inputCoder) {
    return new EarliestCoder();
  }

  private static Earliest add(Earliest acc, Sentence sentence, long copies) {
    if (acc.sentence == null) {
      acc.sentence = sentence;
    } else {
      checkSameContent(acc.sentence, sentence);
      if (POSITION_ORDER.compare(sentence.getPosition(), acc.sentence.getPosition()) < 0) {
        acc.sentence = sentence;
      }
    }
    acc.copies += copies;
    return acc;
  }

  private static void checkSameContent(Sentence a, Sentence b) {
    if (!a.getLang().equals(b.getLang())
        || !a.getSplit().equals(b.getSplit())
        || !a.getTokens().equals(b.getTokens())
        || !a.getTags().equals(b.getTags())) {
      throw new IllegalStateException(
          "two different sentences share the id "
              + a.getId()
              + ": "
              + a.getPosition()
              + " and "
              + b.getPosition());
    }
  }

  /** Encodes the accumulator. */
  static final class EarliestCoder extends CustomCoder<Earliest> {
    private static final long serialVersionUID = 1L;
    private static final Coder<Sentence> SENTENCE =
        NullableCoder.of(SpecificAvro.coder(Sentence.class));

    @Override
    public void encode(Earliest value, OutputStream out) throws IOException {
      SENTENCE.encode(value.sentence, out);
      VarLongCoder.of().encode(value.copies, out);
    }

    @Override
    public Earliest decode(InputStream in) throws IOException {
      Earliest value = new Earliest();
      value.sentence = SENTENCE.decode(in);
      value.copies = VarLongCoder.of().decode(in);
      return value;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof EarliestCoder;
    }

    @Override
    public int hashCode() {
      return EarliestCoder.class.hashCode();
    }
  }
}

package dev.primer.learn.data;

/**
 * A batch prepared for masked-LM training: corrupted input ids plus, for every selected position,
 * its flat index ({@code row * width + column}) and the original id to predict.
 */
public final class MaskedLmBatch {

  private final EncodedBatch source;
  private final long[] inputIds;
  private final long[] positions;
  private final long[] targets;

  MaskedLmBatch(EncodedBatch source, long[] inputIds, long[] positions, long[] targets) {
    this.source = source;
    this.inputIds = inputIds;
    this.positions = positions;
    this.targets = targets;
  }

  /** The batch before masking (lengths, width). */
  public EncodedBatch source() {
    return source;
  }

  /** Corrupted ids, {@code B x T}. */
  public long[] inputIds() {
    return inputIds;
  }

  /** Flat indices of the positions to predict. */
  public long[] positions() {
    return positions;
  }

  /** Original ids at {@link #positions()}. */
  public long[] targets() {
    return targets;
  }
}

package dev.primer.learn.data;

/**
 * How sentences are grouped into batches: batch size, pad id, seeded shuffling and optional length
 * bucketing (sentences of similar length share a batch, which saves padding).
 */
public final class BatchingOptions {

  private final int batchSize;
  private final int padId;
  private final long seed;
  private final boolean shuffle;
  private final boolean bucketByLength;
  private final int bucketPoolBatches;

  private BatchingOptions(Builder b) {
    this.batchSize = b.batchSize;
    this.padId = b.padId;
    this.seed = b.seed;
    this.shuffle = b.shuffle;
    this.bucketByLength = b.bucketByLength;
    this.bucketPoolBatches = b.bucketPoolBatches;
  }

  /** A builder; batch size 32, pad id 0, seed 42, shuffling on, no bucketing. */
  public static Builder builder() {
    return new Builder();
  }

  public int batchSize() {
    return batchSize;
  }

  public int padId() {
    return padId;
  }

  public long seed() {
    return seed;
  }

  public boolean shuffle() {
    return shuffle;
  }

  public boolean bucketByLength() {
    return bucketByLength;
  }

  /** Bucketing sorts by length within pools of this many batches (then shuffles the batches). */
  public int bucketPoolBatches() {
    return bucketPoolBatches;
  }

  /** Builder of {@link BatchingOptions}. */
  public static final class Builder {
    private int batchSize = 32;
    private int padId;
    private long seed = 42;
    private boolean shuffle = true;
    private boolean bucketByLength;
    private int bucketPoolBatches = 50;

    private Builder() {}

    public Builder setBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    public Builder optPadId(int padId) {
      this.padId = padId;
      return this;
    }

    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder optShuffle(boolean shuffle) {
      this.shuffle = shuffle;
      return this;
    }

    public Builder optBucketByLength(boolean bucketByLength) {
      this.bucketByLength = bucketByLength;
      return this;
    }

    public Builder optBucketPoolBatches(int bucketPoolBatches) {
      this.bucketPoolBatches = bucketPoolBatches;
      return this;
    }

    public BatchingOptions build() {
      if (batchSize <= 0 || bucketPoolBatches <= 0 || padId < 0) {
        throw new IllegalArgumentException(
            "batch size and bucket pool must be > 0 and pad id >= 0");
      }
      return new BatchingOptions(this);
    }
  }
}

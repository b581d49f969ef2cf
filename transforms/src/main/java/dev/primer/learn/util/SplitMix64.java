package dev.primer.learn.util;

/**
 * The SplitMix64 generator (Steele, Lea and Flood 2014), written out here so that the episodes a
 * seed gives never depend on the JDK's random number classes. Seeds for it and for the learning
 * core's {@link java.util.SplittableRandom}s come from {@link Seeds}.
 */
public final class SplitMix64 {

  private static final long GOLDEN_GAMMA = Seeds.GOLDEN_GAMMA;

  private long state;

  /** A generator whose state starts at {@code seed}. */
  public SplitMix64(long seed) {
    this.state = seed;
  }

  /** A generator seeded from {@code (seed, purpose, index)}: {@link Seeds#stream}. */
  public static SplitMix64 of(long seed, long purpose, long index) {
    return new SplitMix64(Seeds.stream(seed, purpose, index));
  }

  /** The SplitMix64 finaliser: {@link Seeds#mix}. */
  public static long mix(long z) {
    return Seeds.mix(z);
  }

  /** The next 64 random bits. */
  public long nextLong() {
    state += GOLDEN_GAMMA;
    return Seeds.mix(state);
  }

  /** Uniform in [0, 1) with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound), without modulo bias (rejection of the incomplete last range). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    long limit = Long.MAX_VALUE - (Long.MAX_VALUE % bound);
    while (true) {
      long r = nextLong() >>> 1;
      if (r < limit) {
        return (int) (r % bound);
      }
    }
  }
}

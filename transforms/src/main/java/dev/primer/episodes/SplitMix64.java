package dev.primer.episodes;

/**
 * The SplitMix64 generator (Steele, Lea and Flood 2014), written out here so that the episodes a
 * seed gives never depend on the JDK's random number classes.
 */
final class SplitMix64 {

  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private long state;

  SplitMix64(long seed) {
    this.state = seed;
  }

  /** A generator seeded from {@code (seed, purpose, index)}, each mixed in separately. */
  static SplitMix64 of(long seed, long purpose, long index) {
    return new SplitMix64(mix(mix(seed ^ mix(purpose)) + index * GOLDEN_GAMMA));
  }

  /** The SplitMix64 finaliser: a bijective 64-bit mix. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  long nextLong() {
    state += GOLDEN_GAMMA;
    return mix(state);
  }

  /** Uniform in [0, 1) with 53 random bits. */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound), without modulo bias (rejection of the incomplete last range). */
  int nextInt(int bound) {
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

package dev.primer.learn.util;

/**
 * primer's one seeding scheme: every random stream of a run is a function of the run's (or task's)
 * seed, the stream's purpose and an index (episode, epoch, meta-step), derived here and nowhere
 * else, so that a seed reproduces a run bit for bit in deterministic mode.
 *
 * <p>The scheme: a stream's seed is {@link #stream stream(seed, purpose, index)} = {@code
 * mix(mix(seed ^ mix(purpose)) + index * GOLDEN_GAMMA)}, with {@link #mix} SplitMix64's finaliser
 * and the purpose a named constant. New streams use it. Streams that existed before this class keep
 * their derivations bit-identical (changing one would change every figure a seed gives, e.g. the
 * demo's F1 map), each under its purpose's name below: the episode streams ({@link #stream}),
 * priming's per-step and per-episode-head seeds ({@link #counter} with a salt), the batch order
 * ({@link #batchOrder}), the few-shot subset ({@link #fewShotSubset}), masked-LM masking ({@link
 * #trainMasking}, {@link #devMasking}) and the engine and dropout generators ({@link #engine},
 * {@link #dropout}). Generators: {@link SplitMix64} for episodes, {@link
 * java.util.SplittableRandom} elsewhere, both seeded with these values.
 */
public final class Seeds {

  /** SplitMix64's increment, {@code 2^64 / phi}. */
  public static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  /** Salt of priming's per-meta-step engine and dropout seed ({@link #primingStep}). */
  static final long STEP_SALT = 0x5DEECE66DL;

  /** Salt of priming's per-episode head initialisation ({@link #primingHead}). */
  static final long HEAD_SALT = 0x2545F4914F6CDD1DL;

  /** Salt of the masked-LM dev loss's fixed masking ({@link #devMasking}). */
  static final long DEV_MASKING_SALT = 0x5DEECE66DL;

  /** Offset of the few-shot subset's seed ({@link #fewShotSubset}). */
  static final long FEW_SHOT_OFFSET = 0x5EED_F00DL;

  private Seeds() {}

  /** The SplitMix64 finaliser: a bijective 64-bit mix. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /**
   * The scheme's derivation: the seed of stream {@code purpose}, element {@code index}, of a run
   * seeded with {@code seed}; each of the three is mixed in separately. The episode streams
   * (languages, sentences) use it.
   */
  public static long stream(long seed, long purpose, long index) {
    return mix(mix(seed ^ mix(purpose)) + index * GOLDEN_GAMMA);
  }

  /** {@code mix(seed + GOLDEN_GAMMA * (counter + 1))}: a seed and a counter, mixed once. */
  public static long counter(long seed, long counter) {
    return mix(seed + GOLDEN_GAMMA * (counter + 1));
  }

  /** Priming's engine and dropout seed of meta-step {@code step}. */
  public static long primingStep(long seed, long step) {
    return counter(seed ^ STEP_SALT, step);
  }

  /** Priming's seed of episode {@code index}'s fresh head. */
  public static long primingHead(long seed, long index) {
    return counter(seed ^ HEAD_SALT, index);
  }

  /**
   * The batch order of epoch {@code epoch} ({@code -1}: a one-pass stream); a linear combination,
   * kept as it was.
   */
  public static long batchOrder(long seed, long epoch) {
    return seed * GOLDEN_GAMMA + epoch * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
  }

  /** The shuffle that picks a fine-tuning task's few-shot training sentences. */
  public static long fewShotSubset(long seed) {
    return seed * GOLDEN_GAMMA + FEW_SHOT_OFFSET;
  }

  /** Masked-LM training's masking: the seed itself. */
  public static long trainMasking(long seed) {
    return seed;
  }

  /** The masked-LM dev loss's fixed masking. */
  public static long devMasking(long seed) {
    return seed ^ DEV_MASKING_SALT;
  }

  /** The engine's (libtorch's and DJL's) random seed: the seed's two halves xor-ed. */
  public static int engine(long seed) {
    return (int) (seed ^ (seed >>> 32));
  }

  /** The dropout generator's seed: the seed itself. */
  public static long dropout(long seed) {
    return seed;
  }
}

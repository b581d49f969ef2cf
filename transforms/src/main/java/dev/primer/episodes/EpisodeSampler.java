package dev.primer.episodes;

import dev.primer.learn.util.SplitMix64;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Draws episodes deterministically, with no Beam types: the language of episode {@code i}, then
 * {@code supportSize + querySize} distinct sentences of that language, the first {@code
 * supportSize} for the support set and the rest for the query set (so the two never share a
 * sentence).
 *
 * <p>Every draw depends only on the seed, the episode index and the languages' sizes: episode
 * {@code i} is the same whatever the number of episodes, the order the input arrives in, or the
 * machine. Sentences are addressed by position in the language's sorted list of sentence ids (see
 * {@link EpisodeDraw}); a sentence may appear in several episodes, never twice in one.
 *
 * <p>A language with fewer sentences than {@code supportSize + querySize} cannot give an episode:
 * the sampler refuses it ({@link IllegalArgumentException} naming every such language and its size)
 * rather than silently sampling from the others.
 */
public final class EpisodeSampler implements Serializable {

  private static final long serialVersionUID = 1L;

  private static final long LANGUAGE_STREAM = 0x4c414e47L;
  private static final long SENTENCE_STREAM = 0x53454e54L;

  private final EpisodeSpec spec;
  private final List<String> languages;
  private final int[] sizes;
  private final double[] probabilities;
  private final double[] cumulative;

  private EpisodeSampler(EpisodeSpec spec, TreeMap<String, Long> sizes) {
    this.spec = spec;
    this.languages = List.copyOf(sizes.keySet());
    this.sizes = new int[languages.size()];
    for (int i = 0; i < languages.size(); i++) {
      this.sizes[i] = Math.toIntExact(sizes.get(languages.get(i)));
    }
    this.probabilities = probabilities(spec, this.sizes);
    this.cumulative = new double[probabilities.length];
    double sum = 0;
    for (int i = 0; i < probabilities.length; i++) {
      sum += probabilities[i];
      cumulative[i] = sum;
    }
  }

  /**
   * A sampler over languages of the given sizes (number of distinct sentences each).
   *
   * @throws IllegalArgumentException when there is no language, or a language has fewer than {@code
   *     spec.sentencesPerEpisode()} sentences
   */
  public static EpisodeSampler of(EpisodeSpec spec, Map<String, Long> sizes) {
    if (sizes.isEmpty()) {
      throw new IllegalArgumentException("no language to sample episodes from");
    }
    TreeMap<String, Long> sorted = new TreeMap<>(sizes);
    List<String> tooSmall = tooSmall(spec, sorted);
    if (!tooSmall.isEmpty()) {
      throw new IllegalArgumentException(
          "an episode needs supportSize + querySize = "
              + spec.sentencesPerEpisode()
              + " sentences of one language, but "
              + String.join(", ", tooSmall)
              + (tooSmall.size() == 1 ? " has" : " have")
              + " fewer");
    }
    return new EpisodeSampler(spec, sorted);
  }

  /** The languages too small for an episode, as {@code lang (n sentences)}, sorted by name. */
  public static List<String> tooSmall(EpisodeSpec spec, Map<String, Long> sizes) {
    List<String> small = new ArrayList<>();
    new TreeMap<>(sizes)
        .forEach(
            (lang, n) -> {
              if (n < spec.sentencesPerEpisode()) {
                small.add(lang + " (" + n + " sentences)");
              }
            });
    return small;
  }

  /** The specification. */
  public EpisodeSpec spec() {
    return spec;
  }

  /** The languages, sorted. */
  public List<String> languages() {
    return languages;
  }

  /** The probability of each language, in language order. */
  public Map<String, Double> probabilities() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (int i = 0; i < languages.size(); i++) {
      out.put(languages.get(i), probabilities[i]);
    }
    return Collections.unmodifiableMap(out);
  }

  /** The language of episode {@code index}. */
  public String language(long index) {
    return languages.get(languageIndex(index));
  }

  /**
   * How many of the {@code spec.episodes()} episodes each language gets (every language listed).
   */
  public Map<String, Long> episodeCounts() {
    long[] counts = new long[languages.size()];
    for (long i = 0; i < spec.episodes(); i++) {
      counts[languageIndex(i)]++;
    }
    Map<String, Long> out = new LinkedHashMap<>();
    for (int l = 0; l < languages.size(); l++) {
      out.put(languages.get(l), counts[l]);
    }
    return out;
  }

  /** The seed episode {@code index}'s sentences are drawn with. */
  public long episodeSeed(long index) {
    return episodeSeed(spec.seed(), index);
  }

  /**
   * The seed episode {@code index} of a stream seeded with {@code seed} draws its sentences with
   * (independent of the languages).
   */
  public static long episodeSeed(long seed, long index) {
    return SplitMix64.of(seed, SENTENCE_STREAM, index).nextLong();
  }

  /** The sentences of episode {@code index}. */
  public EpisodeDraw draw(long index) {
    checkIndex(index);
    int language = languageIndex(index);
    int n = sizes[language];
    int k = spec.sentencesPerEpisode();
    long seed = episodeSeed(index);
    SplitMix64 random = new SplitMix64(seed);
    // The first k elements of a Fisher-Yates shuffle of 0..n-1, with the swaps kept in a map so
    // that the cost is O(k) whatever n.
    Map<Integer, Integer> swapped = new HashMap<>();
    int[] picked = new int[k];
    for (int i = 0; i < k; i++) {
      int j = i + random.nextInt(n - i);
      int atI = swapped.getOrDefault(i, i);
      int atJ = swapped.getOrDefault(j, j);
      picked[i] = atJ;
      swapped.put(j, atI);
    }
    int[] support = new int[spec.supportSize()];
    int[] query = new int[spec.querySize()];
    System.arraycopy(picked, 0, support, 0, support.length);
    System.arraycopy(picked, support.length, query, 0, query.length);
    return new EpisodeDraw(index, languages.get(language), seed, support, query);
  }

  private int languageIndex(long index) {
    checkIndex(index);
    SplitMix64 random =
        new SplitMix64(SplitMix64.of(spec.seed(), LANGUAGE_STREAM, index).nextLong());
    if (spec.languageSampling() == LanguageSampling.UNIFORM) {
      return random.nextInt(languages.size());
    }
    double u = random.nextDouble();
    for (int i = 0; i < cumulative.length - 1; i++) {
      if (u < cumulative[i]) {
        return i;
      }
    }
    return cumulative.length - 1;
  }

  private void checkIndex(long index) {
    if (index < 0 || index >= spec.episodes()) {
      throw new IndexOutOfBoundsException(
          "episode " + index + " of " + spec.episodes() + " episodes");
    }
  }

  /**
   * Language probabilities: uniform, or {@code n^(1/T)} normalised (computed in log space, so huge
   * sizes and small temperatures do not overflow).
   */
  static double[] probabilities(EpisodeSpec spec, int[] sizes) {
    double[] p = new double[sizes.length];
    if (spec.languageSampling() == LanguageSampling.UNIFORM) {
      java.util.Arrays.fill(p, 1.0 / sizes.length);
      return p;
    }
    double maxLog = Double.NEGATIVE_INFINITY;
    for (int size : sizes) {
      maxLog = Math.max(maxLog, Math.log(size));
    }
    double sum = 0;
    for (int i = 0; i < sizes.length; i++) {
      p[i] = Math.exp((Math.log(sizes[i]) - maxLog) / spec.temperature());
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    return p;
  }
}

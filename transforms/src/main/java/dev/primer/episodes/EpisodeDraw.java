package dev.primer.episodes;

import java.util.Arrays;

/**
 * The sentences of one episode, as positions in its language's sentence list (the sentence ids of
 * that language's train split, sorted). Support and query are disjoint.
 *
 * @param index the episode's position in the stream
 * @param lang its language
 * @param seed the seed its sentences were drawn with
 * @param support positions of the support sentences, in draw order
 * @param query positions of the query sentences, in draw order
 */
public record EpisodeDraw(long index, String lang, long seed, int[] support, int[] query) {

  public EpisodeDraw {
    support = support.clone();
    query = query.clone();
  }

  @Override
  public int[] support() {
    return support.clone();
  }

  @Override
  public int[] query() {
    return query.clone();
  }

  /** Position {@code slot} of the episode: support first, then query. */
  public int position(int slot) {
    return slot < support.length ? support[slot] : query[slot - support.length];
  }

  /** Support plus query sentences. */
  public int size() {
    return support.length + query.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EpisodeDraw d
        && index == d.index
        && seed == d.seed
        && lang.equals(d.lang)
        && Arrays.equals(support, d.support)
        && Arrays.equals(query, d.query);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(index) * 31 + Arrays.hashCode(support) * 7 + Arrays.hashCode(query);
  }

  @Override
  public String toString() {
    return "EpisodeDraw{"
        + index
        + " "
        + lang
        + " support="
        + Arrays.toString(support)
        + " query="
        + Arrays.toString(query)
        + "}";
  }
}

/**
 * The {@code episodes} stage's library: per-language meta-learning tasks drawn from encoded
 * sentences.
 *
 * <p>{@link dev.primer.episodes.EpisodeSampler} decides everything with no Beam types (the language
 * of each episode, uniform or by size with a temperature, and which sentences form its disjoint
 * support and query sets), from a seed, so that the same seed and inputs give the same episodes on
 * any runner. {@link dev.primer.episodes.SampleEpisodes} applies it in a pipeline, {@link
 * dev.primer.episodes.WriteEpisodes} writes {@code part-*.avro} files in episode order and {@link
 * dev.primer.episodes.EpisodeFiles} streams them back in that order.
 */
package dev.primer.episodes;

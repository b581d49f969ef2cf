package dev.primer.episodes;

import dev.primer.io.CollectJsonObject;
import dev.primer.schemas.Episode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * What {@link SampleEpisodes} produces: the episodes (in no particular order; each carries its
 * index) and, per language, its size and number of episodes.
 */
public final class EpisodeSample implements POutput {

  private final Pipeline pipeline;
  private final PCollection<Episode> episodes;
  private final PCollection<KV<String, String>> languageStats;

  EpisodeSample(
      Pipeline pipeline,
      PCollection<Episode> episodes,
      PCollection<KV<String, String>> languageStats) {
    this.pipeline = pipeline;
    this.episodes = episodes;
    this.languageStats = languageStats;
  }

  /** One record per episode. */
  public PCollection<Episode> episodes() {
    return episodes;
  }

  /**
   * Per language, a JSON object {@code {"sentences": n, "episodes": k, "probability": p}}: its
   * distinct sentences, the episodes drawn from it and its sampling probability.
   */
  public PCollection<KV<String, String>> languageStats() {
    return languageStats;
  }

  /** The language statistics as one JSON object keyed by language (one element). */
  public PCollection<String> statsJson() {
    return languageStats.apply("CollectLanguageStats", CollectJsonObject.of());
  }

  @Override
  public Pipeline getPipeline() {
    return pipeline;
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    Map<TupleTag<?>, PValue> out = new LinkedHashMap<>();
    out.put(new TupleTag<Episode>("episodes"), episodes);
    out.put(new TupleTag<KV<String, String>>("languageStats"), languageStats);
    return out;
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {}
}

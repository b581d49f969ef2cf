package dev.primer.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.primer.episodes.EpisodeFiles;
import dev.primer.episodes.EpisodeSample;
import dev.primer.episodes.SampleEpisodes;
import dev.primer.episodes.WriteEpisodes;
import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import dev.primer.io.SpecificAvro;
import dev.primer.io.StageArtifacts;
import dev.primer.io.WriteTextFile;
import dev.primer.schemas.EncodedSentence;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.Create;

/**
 * {@code episodes}: encoded train sentences of the source (priming) languages → a stream of
 * per-language episodes (support and query sets), drawn deterministically from {@code --seed}, in
 * {@code episodes/part-*.avro} ordered by episode index.
 */
final class EpisodesStage extends NamedStage<EpisodesOptions, EpisodesPlan> {

  private static final String TRAIN = "train";

  /** What plan() resolved: the source languages with their train sizes, and the spec. */
  EpisodesStage() {
    super(
        StageArtifacts.EPISODES,
        "encoded source-language sentences -> per-language support/query episodes for priming",
        EpisodesOptions.class);
  }

  @Override
  public EpisodesPlan plan(EpisodesOptions options, StageContext context) throws Exception {
    return EpisodesPlan.resolve(options, context.requireUpstream(StageArtifacts.ENCODE));
  }

  @Override
  public void run(EpisodesOptions options, EpisodesPlan plan, StageContext context)
      throws Exception {
    String encoded = context.upstreamDirectory(StageArtifacts.ENCODE) + StageArtifacts.ENCODED;
    List<String> patterns = new ArrayList<>();
    for (String lang : plan.sourceSizes().keySet()) {
      patterns.add(StageArtifacts.partitions(encoded, lang, TRAIN));
    }
    String out = context.outputDirectory().toString();
    String episodesDirectory = context.outputDirectory(StageArtifacts.EPISODE_FILES);

    Pipeline pipeline = PipelineRuns.create(options, name());
    EpisodeSample sample =
        pipeline
            .apply("SourcePartitions", Create.of(patterns).withCoder(StringUtf8Coder.of()))
            .apply("MatchPartitions", FileIO.matchAll())
            .apply("OpenPartitions", FileIO.readMatches())
            .apply("ReadEncoded", SpecificAvro.readFiles(EncodedSentence.class))
            .apply("SampleEpisodes", SampleEpisodes.with(plan.spec()));
    sample
        .episodes()
        .apply(
            "WriteEpisodes",
            WriteEpisodes.to(episodesDirectory).withEpisodesPerFile(options.getEpisodesPerFile()));
    sample.statsJson().apply("WriteStats", WriteTextFile.to(out, StageArtifacts.STATS));
    PipelineRuns.runToCompletion(pipeline, options);

    JsonNode languages =
        Manifest.mapper().readTree(ResourceIO.readString(context.outputFile(StageArtifacts.STATS)));
    long episodes = 0;
    for (JsonNode language : languages) {
      episodes += language.path("episodes").asLong();
    }
    long files = EpisodeFiles.files(episodesDirectory).size();
    long expectedFiles =
        (plan.spec().episodes() + options.getEpisodesPerFile() - 1) / options.getEpisodesPerFile();
    if (episodes != plan.spec().episodes() || files != expectedFiles) {
      throw new IllegalStateException(
          "the pipeline drew "
              + episodes
              + " episodes into "
              + files
              + " files; expected "
              + plan.spec().episodes()
              + " in "
              + expectedFiles);
    }
    ObjectNode counts = context.manifest().counts;
    counts.put("episodes", episodes);
    counts.put("files", files);
    counts.set("sourceLangs", Manifest.toTree(List.copyOf(plan.sourceSizes().keySet())));
    counts.set("targetLangs", Manifest.toTree(plan.targets()));
    counts.set("languages", languages);
    context.manifest().outputs.put("episodes", StageArtifacts.EPISODE_FILES + "/part-*.avro");
    context.manifest().outputs.put("stats", StageArtifacts.STATS);
  }
}

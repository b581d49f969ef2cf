package dev.primer.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.primer.UserError;
import dev.primer.episodes.EpisodeFiles;
import dev.primer.episodes.EpisodeSample;
import dev.primer.episodes.EpisodeSampler;
import dev.primer.episodes.EpisodeSpec;
import dev.primer.episodes.LanguageSampling;
import dev.primer.episodes.SampleEpisodes;
import dev.primer.episodes.WriteEpisodes;
import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import dev.primer.io.SpecificAvro;
import dev.primer.io.StageArtifacts;
import dev.primer.io.WriteTextFile;
import dev.primer.schemas.EncodedSentence;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.Create;

/**
 * {@code episodes}: encoded train sentences of the source (priming) languages → a stream of
 * per-language episodes (support and query sets), drawn deterministically from {@code --seed}, in
 * {@code episodes/part-*.avro} ordered by episode index.
 */
final class EpisodesStage implements Stage<EpisodesOptions> {

  private static final String TRAIN = "train";

  @Override
  public String name() {
    return StageArtifacts.EPISODES;
  }

  @Override
  public String summary() {
    return "encoded source-language sentences -> per-language support/query episodes for priming";
  }

  @Override
  public Class<EpisodesOptions> optionsClass() {
    return EpisodesOptions.class;
  }

  /** What plan() resolved: the source languages with their train sizes, and the spec. */
  private record Plan(Map<String, Long> sourceSizes, List<String> targets, EpisodeSpec spec) {}

  @Override
  public void plan(EpisodesOptions options, StageContext context) throws Exception {
    resolve(options, context.requireUpstream(StageArtifacts.ENCODE));
  }

  @Override
  public void run(EpisodesOptions options, StageContext context) throws Exception {
    Plan plan = resolve(options, context.requireUpstream(StageArtifacts.ENCODE));
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
        Manifest.mapper()
            .readTree(
                ResourceIO.readString(context.layout().stageFile(name(), StageArtifacts.STATS)));
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

  /** Checks the options against the encode output; every problem is a {@link UserError}. */
  private static Plan resolve(EpisodesOptions options, Manifest encode) {
    JsonNode byLanguage = encode.counts.path("languages");
    Set<String> all = new TreeSet<>();
    Map<String, Long> trainSizes = new TreeMap<>();
    for (Iterator<String> it = byLanguage.fieldNames(); it.hasNext(); ) {
      String lang = it.next();
      all.add(lang);
      long train = byLanguage.path(lang).path(TRAIN).path("sentences").asLong(0);
      if (train > 0) {
        trainSizes.put(lang, train);
      }
    }
    List<String> targets = languages(options.getTargetLangs());
    List<String> unknownTargets = targets.stream().filter(l -> !all.contains(l)).toList();
    if (!unknownTargets.isEmpty()) {
      throw new UserError(
          "--targetLangs names "
              + String.join(", ", unknownTargets)
              + ", not in the encode output; its languages: "
              + String.join(", ", all));
    }
    List<String> sources = languages(options.getSourceLangs());
    if (sources.isEmpty()) {
      sources = trainSizes.keySet().stream().filter(l -> !targets.contains(l)).toList();
    }
    List<String> unknownSources = sources.stream().filter(l -> !trainSizes.containsKey(l)).toList();
    if (!unknownSources.isEmpty()) {
      throw new UserError(
          "--sourceLangs names "
              + String.join(", ", unknownSources)
              + ", which the encode output has no train sentences for; languages with train"
              + " sentences: "
              + String.join(", ", trainSizes.keySet()));
    }
    List<String> overlap = sources.stream().filter(targets::contains).toList();
    if (!overlap.isEmpty()) {
      throw new UserError(
          "--sourceLangs and --targetLangs must be disjoint (priming never sees an evaluation"
              + " language), but both name "
              + String.join(", ", overlap));
    }
    if (sources.isEmpty()) {
      throw new UserError(
          "no source language left to draw episodes from: the encode output's train languages ("
              + String.join(", ", trainSizes.keySet())
              + ") are all in --targetLangs");
    }
    EpisodeSpec spec = spec(options);
    Map<String, Long> sourceSizes = new TreeMap<>();
    sources.forEach(l -> sourceSizes.put(l, trainSizes.get(l)));
    List<String> tooSmall = EpisodeSampler.tooSmall(spec, sourceSizes);
    if (!tooSmall.isEmpty()) {
      throw new UserError(
          "an episode needs --supportSize + --querySize = "
              + spec.sentencesPerEpisode()
              + " train sentences of one language, but "
              + String.join(", ", tooSmall)
              + (tooSmall.size() == 1 ? " has" : " have")
              + " fewer: lower the sizes or leave "
              + (tooSmall.size() == 1 ? "it" : "them")
              + " out of --sourceLangs");
    }
    return new Plan(sourceSizes, targets, spec);
  }

  private static EpisodeSpec spec(EpisodesOptions options) {
    requirePositive("--supportSize", options.getSupportSize());
    requirePositive("--querySize", options.getQuerySize());
    requirePositive("--episodes", options.getEpisodes());
    requirePositive("--episodesPerFile", options.getEpisodesPerFile());
    double temperature = options.getSamplingTemperature();
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new UserError("--samplingTemperature must be a positive number, got " + temperature);
    }
    return new EpisodeSpec(
        options.getSupportSize(),
        options.getQuerySize(),
        options.getEpisodes(),
        options.getLangSampling() == EpisodesOptions.LangSampling.size
            ? LanguageSampling.SIZE
            : LanguageSampling.UNIFORM,
        temperature,
        options.getSeed());
  }

  private static void requirePositive(String flag, Number value) {
    if (value == null || value.longValue() < 1) {
      throw new UserError(flag + " must be at least 1, got " + value);
    }
  }

  /** A comma-separated list of languages, trimmed, without blanks or repeats, in given order. */
  static List<String> languages(String list) {
    Set<String> langs = new LinkedHashSet<>();
    for (String lang : list.split(",")) {
      if (!lang.isBlank()) {
        langs.add(lang.trim());
      }
    }
    return List.copyOf(langs);
  }
}

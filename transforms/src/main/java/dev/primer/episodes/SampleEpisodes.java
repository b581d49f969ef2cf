package dev.primer.episodes;

import dev.primer.io.CollectJsonObject;
import dev.primer.io.SpecificAvro;
import dev.primer.schemas.EncodedSentence;
import dev.primer.schemas.Episode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Distinct;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Samples episodes from encoded sentences with an {@link EpisodeSampler}: every language present in
 * the input is a candidate (pass only the train split of the source languages), a sentence is the
 * unit of sampling, and a sentence cut into several windows brings all its windows, in window
 * order, to the set it is drawn for. {@code supportSize} and {@code querySize} therefore count
 * sentences; the support and query sets never share a sentence.
 *
 * <p>How it scales: the sentence ids of one language are grouped (ids only, no model input) and
 * sorted, so that positions drawn by the sampler name the same sentences on every run; the drawn
 * (sentence, episode, slot) triples are joined with the records by sentence id, and each episode is
 * assembled from its own windows. No step holds more than one language's ids or one episode's
 * records.
 *
 * <p>A language too small for an episode fails the pipeline with the sampler's message; check sizes
 * before running (the {@code episodes} stage does, from the encode manifest).
 */
public final class SampleEpisodes extends PTransform<PCollection<EncodedSentence>, EpisodeSample> {

  private final EpisodeSpec spec;

  private SampleEpisodes(EpisodeSpec spec) {
    this.spec = spec;
  }

  /** Samples episodes as {@code spec} says. */
  public static SampleEpisodes with(EpisodeSpec spec) {
    return new SampleEpisodes(spec);
  }

  /** The join key of a sentence: language and sentence id. */
  static String sentenceKey(String lang, String sentenceId) {
    return lang + "/" + sentenceId;
  }

  /** The id of an episode: language, '-', the index zero-padded to 8 digits. */
  public static String episodeId(String lang, long index) {
    return String.format(java.util.Locale.ROOT, "%s-%08d", lang, index);
  }

  @Override
  public EpisodeSample expand(PCollection<EncodedSentence> records) {
    AvroCoder<EncodedSentence> recordCoder = SpecificAvro.coder(EncodedSentence.class);
    PCollection<KV<String, EncodedSentence>> bySentence =
        records
            .apply(
                "KeyBySentence",
                MapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptors.strings(), TypeDescriptor.of(EncodedSentence.class)))
                    .via(r -> KV.of(sentenceKey(r.getLang(), r.getSentenceId()), r)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), recordCoder));

    PCollection<KV<String, String>> ids =
        records
            .apply("FirstWindows", Filter.by(r -> r.getWindow() == 0))
            .apply(
                "SentenceIdByLanguage",
                MapElements.into(
                        TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                    .via(r -> KV.of(r.getLang(), r.getSentenceId())))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
            .apply("DistinctSentences", Distinct.create());
    PCollectionView<Map<String, Long>> sizes =
        ids.apply("SentencesPerLanguage", Count.perKey()).apply("SizesView", View.asMap());

    TupleTag<KV<String, KV<Long, Integer>>> picksTag = new TupleTag<>("picks") {};
    TupleTag<KV<String, String>> statsTag = new TupleTag<>("languageStats") {};
    PCollectionTuple chosen =
        ids.apply("IdsPerLanguage", GroupByKey.create())
            .apply(
                "ChooseSentences",
                ParDo.of(new ChooseSentencesFn(spec, sizes, statsTag))
                    .withSideInputs(sizes)
                    .withOutputTags(picksTag, TupleTagList.of(statsTag)));
    PCollection<KV<String, KV<Long, Integer>>> picks =
        chosen
            .get(picksTag)
            .setCoder(
                KvCoder.of(StringUtf8Coder.of(), KvCoder.of(VarLongCoder.of(), VarIntCoder.of())));
    PCollection<KV<String, String>> stats =
        chosen.get(statsTag).setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));

    TupleTag<EncodedSentence> recordsTag = new TupleTag<>("records");
    TupleTag<KV<Long, Integer>> slotsTag = new TupleTag<>("slots");
    PCollection<Episode> episodes =
        KeyedPCollectionTuple.of(recordsTag, bySentence)
            .and(slotsTag, picks)
            .apply("JoinPicksWithRecords", CoGroupByKey.create())
            .apply("PlaceWindows", ParDo.of(new PlaceWindowsFn(recordsTag, slotsTag)))
            .setCoder(KvCoder.of(VarLongCoder.of(), KvCoder.of(VarIntCoder.of(), recordCoder)))
            .apply("WindowsPerEpisode", GroupByKey.create())
            .apply("AssembleEpisodes", ParDo.of(new AssembleEpisodeFn(spec)))
            .setCoder(SpecificAvro.coder(Episode.class));
    return new EpisodeSample(records.getPipeline(), episodes, stats);
  }

  /**
   * For one language: sorts its sentence ids, then for every episode of that language emits
   * (sentence key, (episode index, slot)), slots 0..supportSize-1 being the support set.
   */
  static final class ChooseSentencesFn
      extends DoFn<KV<String, Iterable<String>>, KV<String, KV<Long, Integer>>> {

    private final EpisodeSpec spec;
    private final PCollectionView<Map<String, Long>> sizes;
    private final TupleTag<KV<String, String>> statsTag;

    ChooseSentencesFn(
        EpisodeSpec spec,
        PCollectionView<Map<String, Long>> sizes,
        TupleTag<KV<String, String>> statsTag) {
      this.spec = spec;
      this.sizes = sizes;
      this.statsTag = statsTag;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<String>> language, ProcessContext context) {
      String lang = language.getKey();
      EpisodeSampler sampler = EpisodeSampler.of(spec, context.sideInput(sizes));
      List<String> ids = new ArrayList<>();
      language.getValue().forEach(ids::add);
      ids.sort(null);
      long expected = context.sideInput(sizes).get(lang);
      if (ids.size() != expected) {
        throw new IllegalStateException(
            lang + ": " + ids.size() + " sentence ids grouped, " + expected + " counted");
      }
      long episodes = 0;
      for (long index = 0; index < spec.episodes(); index++) {
        if (!sampler.language(index).equals(lang)) {
          continue;
        }
        EpisodeDraw draw = sampler.draw(index);
        for (int slot = 0; slot < draw.size(); slot++) {
          context.output(
              KV.of(sentenceKey(lang, ids.get(draw.position(slot))), KV.of(index, slot)));
        }
        episodes++;
      }
      Map<String, Object> stats = new java.util.LinkedHashMap<>();
      stats.put("sentences", ids.size());
      stats.put("episodes", episodes);
      stats.put("probability", sampler.probabilities().get(lang));
      context.output(statsTag, KV.of(lang, CollectJsonObject.toJson(stats)));
    }
  }

  /** Sends every window of a drawn sentence to each (episode, slot) it was drawn for. */
  static final class PlaceWindowsFn
      extends DoFn<KV<String, CoGbkResult>, KV<Long, KV<Integer, EncodedSentence>>> {

    private final TupleTag<EncodedSentence> recordsTag;
    private final TupleTag<KV<Long, Integer>> slotsTag;

    PlaceWindowsFn(TupleTag<EncodedSentence> recordsTag, TupleTag<KV<Long, Integer>> slotsTag) {
      this.recordsTag = recordsTag;
      this.slotsTag = slotsTag;
    }

    @ProcessElement
    public void process(
        @Element KV<String, CoGbkResult> sentence,
        OutputReceiver<KV<Long, KV<Integer, EncodedSentence>>> out) {
      Iterable<KV<Long, Integer>> slots = sentence.getValue().getAll(slotsTag);
      if (!slots.iterator().hasNext()) {
        return;
      }
      List<EncodedSentence> windows = new ArrayList<>();
      sentence.getValue().getAll(recordsTag).forEach(windows::add);
      for (KV<Long, Integer> slot : slots) {
        for (EncodedSentence window : windows) {
          out.output(KV.of(slot.getKey(), KV.of(slot.getValue(), window)));
        }
      }
    }
  }

  /** Orders an episode's windows by slot then window and splits them into support and query. */
  static final class AssembleEpisodeFn
      extends DoFn<KV<Long, Iterable<KV<Integer, EncodedSentence>>>, Episode> {

    private final EpisodeSpec spec;

    AssembleEpisodeFn(EpisodeSpec spec) {
      this.spec = spec;
    }

    @ProcessElement
    public void process(
        @Element KV<Long, Iterable<KV<Integer, EncodedSentence>>> episode,
        OutputReceiver<Episode> out) {
      long index = episode.getKey();
      List<KV<Integer, EncodedSentence>> windows = new ArrayList<>();
      episode.getValue().forEach(windows::add);
      windows.sort(
          (a, b) ->
              a.getKey().equals(b.getKey())
                  ? Integer.compare(a.getValue().getWindow(), b.getValue().getWindow())
                  : Integer.compare(a.getKey(), b.getKey()));
      List<EncodedSentence> support = new ArrayList<>();
      List<EncodedSentence> query = new ArrayList<>();
      java.util.BitSet slots = new java.util.BitSet();
      String lang = windows.get(0).getValue().getLang();
      for (KV<Integer, EncodedSentence> window : windows) {
        if (!window.getValue().getLang().equals(lang)) {
          throw new IllegalStateException(
              "episode " + index + " mixes " + lang + " and " + window.getValue().getLang());
        }
        slots.set(window.getKey());
        (window.getKey() < spec.supportSize() ? support : query).add(window.getValue());
      }
      if (slots.cardinality() != spec.sentencesPerEpisode()
          || slots.nextClearBit(0) != spec.sentencesPerEpisode()) {
        throw new IllegalStateException(
            "episode " + index + " has sentences for slots " + slots + " only");
      }
      out.output(
          Episode.newBuilder()
              .setId(episodeId(lang, index))
              .setLang(lang)
              .setIndex(index)
              .setSeed(EpisodeSampler.episodeSeed(spec.seed(), index))
              .setSupport(support)
              .setQuery(query)
              .build());
    }
  }
}

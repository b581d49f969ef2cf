package dev.primer.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.io.WriteTextFile;
import dev.primer.schemas.DeadLetter;
import dev.primer.schemas.EncodedSentence;
import dev.primer.schemas.Sentence;
import dev.primer.vocab.Fixtures;
import dev.primer.vocab.HfSubwordTokenizer;
import dev.primer.vocab.TokenizerSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TestPipelineExtension.class)
class EncodeSentencesTest {

  @TempDir Path tmp;

  static List<Sentence> corpus() {
    List<Sentence> s = new ArrayList<>();
    s.add(
        Fixtures.sentence(
            "s1",
            "en",
            "train",
            List.of("Lindström", "lives", "in", "Stockholm"),
            List.of("B-PER", "O", "O", "B-LOC")));
    s.add(
        Fixtures.sentence(
            "s2",
            "en",
            "dev",
            List.of("Anna", "lives", "in", "Qatar"),
            List.of("B-PER", "O", "O", "B-LOC")));
    s.add(
        Fixtures.sentence(
            "long",
            "de",
            "train",
            List.of("東京都", "\u200b", "Lindström", "New", "York", "Paris", "abcdefghijkl"),
            List.of("B-LOC", "O", "B-PER", "B-ORG", "I-ORG", "B-LOC", "O")));
    s.add(Fixtures.sentence("bad-count", "en", "train", List.of("a", "b"), List.of("O")));
    s.add(Fixtures.sentence("bad-tag", "de", "dev", List.of("a"), List.of("PER")));
    s.add(Fixtures.sentence("misc", "en", "dev", List.of("x", "y"), List.of("B-MISC", "I-MISC")));
    s.add(Fixtures.sentence("empty", "en", "train", List.of(), List.of()));
    return s;
  }

  @Test
  void encodesWritesAndReadsBackPartitionedAvro(TestPipeline p) throws Exception {
    int maxLength = 8;
    String dir = tmp.resolve("encode").toString();
    PCollection<Sentence> sentences =
        p.apply(Create.of(corpus()).withCoder(AvroCoder.of(Sentence.class)));
    EncodeResult r =
        sentences.apply(
            "Encode",
            EncodeSentences.using(TokenizerSource.ofUri(Fixtures.tinyTokenizer().toString()))
                .withMaxLength(maxLength));

    LabelVocabulary expectedLabels = LabelVocabulary.ofTypes("LOC", "MISC", "ORG", "PER");
    PAssert.thatSingleton(r.labels()).isEqualTo(expectedLabels);
    PAssert.that(
            r.deadLetters()
                .apply(
                    "Reasons",
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            (DeadLetter d) ->
                                d.getSource() + ":" + d.getReason() + ":" + d.getStage())))
        .containsInAnyOrder(
            "bad-count:TAG_COUNT_MISMATCH:encode",
            "bad-tag:INVALID_TAG:encode",
            "empty:EMPTY_SENTENCE:encode");
    PAssert.thatSingleton(r.stats())
        .satisfies(
            st -> {
              EncodeCounts total = st.getTotal();
              assertEquals(4, total.getSentences());
              assertEquals(3, total.getDeadLetters());
              assertEquals(1, st.get("de", "dev").getDeadLetters());
              EncodeCounts deTrain = st.get("de", "train");
              assertEquals(7, deTrain.getWords());
              assertEquals(1, deTrain.getEmptyWords());
              assertEquals(1, deTrain.getTruncatedWords());
              assertTrue(deTrain.getWindows() > 1);
              assertEquals(1, st.get("en", "dev").getUnkPieces()); // Qatar
              return null;
            });
    r.encoded().apply("Write", WriteEncodedSentences.to(dir).withShards(1));
    r.labelsJson().apply("WriteLabels", WriteTextFile.to(dir, "labels.json"));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    // the Beam counters, under the one metric naming style (primer.<stage>, lower_snake_case)
    assertEquals(4, counter(result, "sentences"));
    assertEquals(3, counter(result, "dead_letters"));

    List<EncodedSentence> expected = new ArrayList<>();
    try (HfSubwordTokenizer t = HfSubwordTokenizer.load(Fixtures.tinyTokenizer())) {
      SentenceEncoder plain =
          new SentenceEncoder(t, expectedLabels, EncodeOptions.maxLength(maxLength));
      for (Sentence s : corpus()) {
        expected.addAll(plain.encode(s).windows());
      }
    }
    List<EncodedSentence> written = new ArrayList<>();
    Set<String> partitions = new HashSet<>();
    try (Stream<Path> files = Files.walk(tmp.resolve("encode"))) {
      for (Path f : files.filter(f -> f.toString().endsWith(".avro")).toList()) {
        String partition = tmp.resolve("encode").relativize(f.getParent()).toString();
        partitions.add(partition);
        for (EncodedSentence e : readAvro(f)) {
          assertEquals(
              "lang=" + e.getLang() + "/split=" + e.getSplit(),
              partition,
              "partition of " + e.getId());
          written.add(e);
        }
      }
    }
    assertEquals(
        Set.of("lang=en/split=train", "lang=en/split=dev", "lang=de/split=train"), partitions);
    assertEquals(new HashSet<>(expected), new HashSet<>(written));
    assertEquals(expected.size(), written.size());
    assertEquals(
        expectedLabels,
        LabelVocabulary.fromJson(
            Files.readString(tmp.resolve("encode/labels.json"), StandardCharsets.UTF_8)));
  }

  @Test
  void fixedLabelsSendUnknownTypesToDeadLettersOrToOutside(TestPipeline p) {
    PCollection<Sentence> sentences =
        p.apply(Create.of(corpus()).withCoder(AvroCoder.of(Sentence.class)));
    LabelVocabulary fixed = LabelVocabulary.ofTypes("PER", "LOC", "ORG");
    EncodeSentences encode =
        EncodeSentences.using(Fixtures.tinyTokenizer().toString()).withLabels(fixed);
    EncodeResult strict = sentences.apply("Strict", encode);
    EncodeResult lenient =
        sentences.apply("Lenient", encode.withUnknownTags(UnknownTagPolicy.MAP_TO_O));
    PAssert.thatSingleton(strict.labels()).isEqualTo(fixed);
    PAssert.that(
            strict
                .deadLetters()
                .apply(
                    "StrictReasons",
                    MapElements.into(TypeDescriptors.strings())
                        .via((DeadLetter d) -> d.getSource() + ":" + d.getReason())))
        .containsInAnyOrder(
            "bad-count:TAG_COUNT_MISMATCH",
            "bad-tag:INVALID_TAG",
            "empty:EMPTY_SENTENCE",
            "misc:UNKNOWN_TAG");
    PAssert.that(
            lenient
                .encoded()
                .apply(
                    "LenientIds",
                    MapElements.into(TypeDescriptors.strings()).via(EncodedSentence::getId)))
        .containsInAnyOrder("s1#0", "s2#0", "long#0", "bad-tag#0", "misc#0");
    PAssert.thatSingleton(lenient.stats())
        .satisfies(
            st -> {
              assertEquals(3, st.getTotal().getMappedTags()); // PER, B-MISC, I-MISC
              assertEquals(2, st.getTotal().getDeadLetters());
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void derivesLabelsFromValidTagsOnly(TestPipeline p) {
    PAssert.thatSingleton(
            p.apply("Some", Create.of(corpus()).withCoder(AvroCoder.of(Sentence.class)))
                .apply("Derive", DeriveLabelVocabulary.fromTags()))
        .isEqualTo(LabelVocabulary.ofTypes("LOC", "MISC", "ORG", "PER"));
    PAssert.thatSingleton(
            p.apply("None", Create.empty(AvroCoder.of(Sentence.class)))
                .apply("DeriveNone", DeriveLabelVocabulary.fromTags()))
        .isEqualTo(LabelVocabulary.ofTypes());
    p.run().waitUntilFinish();
  }

  static List<EncodedSentence> readAvro(Path file) throws IOException {
    List<EncodedSentence> out = new ArrayList<>();
    try (DataFileReader<EncodedSentence> r =
        new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(EncodedSentence.class))) {
      r.forEach(out::add);
    }
    return out;
  }

  private static long counter(PipelineResult result, String name) {
    long sum = 0;
    for (MetricResult<Long> c :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named("primer.encode", name))
                    .build())
            .getCounters()) {
      sum += c.getCommitted();
    }
    return sum;
  }
}

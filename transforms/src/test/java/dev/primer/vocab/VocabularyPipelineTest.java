package dev.primer.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.primer.io.WriteTextFile;
import dev.primer.schemas.Sentence;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TestPipelineExtension.class)
class VocabularyPipelineTest {

  @TempDir Path tmp;

  @Test
  void prunesToTheTrainPiecesAndWritesTheFiles(TestPipeline p) throws Exception {
    PCollection<Sentence> sentences =
        p.apply(Create.of(StatsFixture.sentences()).withCoder(AvroCoder.of(Sentence.class)));
    VocabularyResult v =
        sentences.apply(
            "Vocab",
            PruneVocabulary.of(Fixtures.tinyTokenizer().toString())
                .withSplits("train")
                .keepingSingleCharacters(false));
    String expectedTsv =
        String.join(
            "\n",
            "old_id\tnew_id\tpiece",
            "0\t0\t[PAD]",
            "1\t1\t[UNK]",
            "2\t2\t[CLS]",
            "3\t3\t[SEP]",
            "4\t4\t[MASK]",
            "44\t5\t東",
            "45\t6\t京",
            "46\t7\t都",
            "74\t8\tLin",
            "75\t9\t##ds",
            "76\t10\t##tröm",
            "77\t11\tlives",
            "78\t12\tin",
            "92\t13\tStockholm",
            "");
    PAssert.thatSingleton(v.mappingTsv()).isEqualTo(expectedTsv);
    PAssert.thatSingleton(v.tokenizerJson())
        .satisfies(
            json -> {
              TokenizerJson t = TokenizerJson.parse(json);
              assertEquals(14, t.vocab().size());
              assertEquals(13, t.vocab().get("Stockholm"));
              return null;
            });
    PAssert.thatSingleton(v.stats())
        .satisfies(
            s -> {
              assertEquals(14, s.getVocabSize());
              // Anna (dev only) lost its piece: two unknown words in en now.
              assertEquals(2, s.getLanguages().get("en").getUnkWords());
              assertEquals(1, s.getLanguages().get("de").getUnkWords());
              return null;
            });
    String dir = tmp.resolve("vocab").toString();
    v.tokenizerJson().apply("WriteJson", WriteTextFile.to(dir, "tokenizer.json"));
    v.mappingTsv().apply("WriteMapping", WriteTextFile.to(dir, "vocab_mapping.tsv"));
    p.run().waitUntilFinish();

    assertEquals(
        expectedTsv,
        Files.readString(tmp.resolve("vocab/vocab_mapping.tsv"), StandardCharsets.UTF_8));
    try (HfSubwordTokenizer t = HfSubwordTokenizer.load(tmp.resolve("vocab/tokenizer.json"))) {
      assertEquals(
          List.of(List.of("Lin", "##ds", "##tröm"), List.of("[UNK]")),
          t.tokenizeToPieces(List.of("Lindström", "Anna")));
    }
  }

  @Test
  void learnsTheSameVocabularyAsThePlainTrainer(TestPipeline p) {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("hug", 10L);
    counts.put("pug", 5L);
    counts.put("pun", 12L);
    counts.put("bun", 4L);
    counts.put("hugs", 5L);
    List<Sentence> sentences = new ArrayList<>();
    counts.forEach(
        (word, n) -> {
          for (int i = 0; i < n; i++) {
            String lang = i % 2 == 0 ? "xx" : "yy";
            sentences.add(Fixtures.untagged(word + i, lang, "train", word));
          }
        });
    sentences.add(Fixtures.untagged("d", "zz", "dev", "zzz"));
    WordPieceOptions options =
        WordPieceOptions.ofSize(25).withMinFrequency(1).withScore(MergeScore.WORDPIECE);
    String expected = new WordPieceTrainer(options).train(counts).toTokenizerJson().toJson();

    VocabularyResult v =
        p.apply(Create.of(sentences).withCoder(AvroCoder.of(Sentence.class)))
            .apply("Vocab", LearnVocabulary.of(options).withSplits("train"));
    assertFalse(v.hasMapping());
    PAssert.thatSingleton(v.tokenizerJson()).isEqualTo(expected);
    PAssert.thatSingleton(v.stats())
        .satisfies(
            s -> {
              assertEquals(25, s.getVocabSize());
              assertEquals(0, s.getLanguages().get("xx").getUnkWords());
              // "zzz" (dev) has a letter the training splits never saw.
              assertEquals(1, s.getLanguages().get("zz").getUnkWords());
              assertEquals(1, s.getOverall().getUnkWords());
              return null;
            });
    p.run().waitUntilFinish();
  }
}

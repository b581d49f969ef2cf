package dev.primer.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.io.WritePartitionedAvro;
import dev.primer.schemas.Sentence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.extensions.avro.io.AvroIO;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stages gzip, plain and broken files whose names lie about their compression, writes the sentences
 * with {@link WritePartitionedAvro} and reads them back with {@link AvroIO}.
 */
@ExtendWith(TestPipelineExtension.class)
class StageAndWriteRoundTripTest {

  private static final String[] EXPECTED = {
    "en/train panx | Paris is nice | B-LOC O O | train-en.tsv.gz:1 x2",
    "en/train panx | John Smith | B-PER I-PER | train-en.tsv.gz:5 x1",
    "en/train panx | the Red Cross helps | O B-ORG I-ORG O | train-en.tsv.gz:16 x1 [I_AFTER_O@1]",
    "hau/train masakhaner | Olurukoba ya ce | B-PER O O | train.txt.gz:1 x1",
    "hau/train masakhaner | # Kano | O B-LOC | train.txt.gz:11 x1",
    "hau/train masakhaner | Abuja da Legas | B-LOC O B-LOC | train.txt.gz:14 x1",
    "da/dev uner | Hej Peter . | O B-PER O | da_ddt-ud-dev.iob2:4 x1",
    "da/dev uner | Han bor i København | O O O B-LOC | da_ddt-ud-dev.iob2:10 x1",
    "da/dev uner | Novo Nordisk | B-ORG I-ORG | da_ddt-ud-dev.iob2:16 x1",
    "da/dev uner | det Danske Bank | O B-ORG I-ORG | da_ddt-ud-dev.iob2:24 x1"
  };

  @Test
  void stagesWritesAndReadsBack(TestPipeline pipeline, @TempDir Path dir) throws IOException {
    // gzip named .gz, plain text named .gz, gzip without .gz, and a corrupt gzip
    Path panx =
        Fixtures.gzip(
            Fixtures.resource("panx/train-en.tsv"), dir.resolve("in/panx/train-en.tsv.gz"));
    Path hau = Files.createDirectories(dir.resolve("in/hau")).resolve("train.txt.gz");
    Files.copy(Fixtures.resource("masakhaner2/hau/train.txt"), hau);
    Path uner =
        Fixtures.gzip(
            Fixtures.resource("uner/UNER_Danish-DDT/da_ddt-ud-dev.iob2"),
            dir.resolve("in/UNER_Danish-DDT/da_ddt-ud-dev.iob2"));
    Path broken = dir.resolve("in/broken.gz");
    Files.write(broken, new byte[] {0x1f, (byte) 0x8b, 0x08, 0x00, 0x01, 0x02, 0x03});
    Path out = dir.resolve("out");

    StagedCorpora staged =
        pipeline.apply(
            "StageCorpora",
            StageCorpora.of(
                CorpusSpec.parseAll(
                    List.of(
                        "panx:" + panx,
                        "masakhaner:" + hau,
                        "uner:" + uner,
                        "conll2002,lang=es,split=test:" + broken))));
    staged
        .sentences()
        .apply(
            "WriteSentences",
            WritePartitionedAvro.to(
                    Sentence.class,
                    out.toString(),
                    s -> WritePartitionedAvro.languageAndSplit(s.getLang(), s.getSplit()))
                .withShards(1));
    PAssert.that(Describe.deadLetters(staged.deadLetters()))
        .containsInAnyOrder(
            "train-en.tsv.gz:8@49 WRONG_COLUMN_COUNT en",
            "train-en.tsv.gz:11@78 EMPTY_TOKEN en",
            "train-en.tsv.gz:14@86 UNKNOWN_TAG en",
            "train.txt.gz:5@27 EMPTY_TOKEN hau",
            "train.txt.gz:8@41 WRONG_COLUMN_COUNT hau",
            "da_ddt-ud-dev.iob2:20@288 UNKNOWN_TAG da",
            "broken.gz:1@0 UNREADABLE_FILE es");
    pipeline.run().waitUntilFinish();

    assertEquals(
        List.of("lang=da/split=dev", "lang=en/split=train", "lang=hau/split=train"),
        partitions(out));

    // a second, plain pipeline: the extension manages one TestPipeline per test
    Pipeline read = Pipeline.create(TestPipeline.testingPipelineOptions());
    PCollection<Sentence> back =
        read.apply(
            "ReadSentences", AvroIO.read(Sentence.class).from(out + "/lang=*/split=*/part-*.avro"));
    PAssert.that(Describe.sentences(back)).containsInAnyOrder(EXPECTED);
    read.run().waitUntilFinish();
  }

  private static List<String> partitions(Path out) throws IOException {
    try (Stream<Path> files = Files.walk(out)) {
      List<Path> avro =
          files.filter(p -> p.toString().endsWith(".avro")).collect(Collectors.toList());
      avro.forEach(p -> assertTrue(p.getFileName().toString().startsWith("part-"), p.toString()));
      return avro.stream()
          .map(p -> out.relativize(p.getParent()).toString())
          .sorted()
          .collect(Collectors.toList());
    }
  }
}

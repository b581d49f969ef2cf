package dev.primer.corpus;

import dev.primer.schemas.Sentence;
import dev.primer.schemas.SourcePosition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class DeduplicateSentencesTest {

  private static Sentence sentence(String split, String source, long line, String... tokens) {
    List<String> tokenList = List.of(tokens);
    List<String> tags = Collections.nCopies(tokens.length, "O");
    return Sentence.newBuilder()
        .setId(SentenceIds.of("en", split, tokenList, tags))
        .setLang("en")
        .setCorpus("panx")
        .setSplit(split)
        .setTokens(tokenList)
        .setTags(tags)
        .setPosition(
            SourcePosition.newBuilder()
                .setSource(source)
                .setLine(line)
                .setByteOffset(line * 10)
                .setOrdinal(line)
                .build())
        .build();
  }

  private static List<Sentence> input() {
    List<Sentence> in = new ArrayList<>();
    in.add(sentence("train", "file:///b.tsv", 1, "a", "b"));
    in.add(sentence("train", "file:///a.tsv", 40, "a", "b"));
    in.add(sentence("train", "file:///a.tsv", 7, "a", "b"));
    in.add(sentence("dev", "file:///c.tsv", 3, "a", "b")); // another split: not a duplicate
    in.add(sentence("train", "file:///a.tsv", 9, "c"));
    in.add(sentence("train", "file:///b.tsv", 2, "c"));
    in.add(sentence("train", "file:///a.tsv", 12, "d"));
    return in;
  }

  private static final String[] EXPECTED = {
    "en/train panx | a b | O O | a.tsv:7 x3",
    "en/dev panx | a b | O O | c.tsv:3 x1",
    "en/train panx | c | O | a.tsv:9 x2",
    "en/train panx | d | O | a.tsv:12 x1"
  };

  @Test
  void keepsTheEarliestCopyWhateverTheInputOrder(TestPipeline pipeline) {
    List<Sentence> reversed = input();
    Collections.reverse(reversed);
    for (List<Sentence> order : List.of(input(), reversed)) {
      String name = order == reversed ? "Reversed" : "Forward";
      PCollection<Sentence> deduped =
          pipeline
              .apply("Create" + name, Create.of(order).withCoder(AvroCoder.of(Sentence.class)))
              .apply("Deduplicate" + name, new DeduplicateSentences());
      PAssert.that(name, Describe.sentences("Describe" + name, deduped))
          .containsInAnyOrder(EXPECTED);
      // a second pass changes nothing: copies are summed, not recounted
      PCollection<Sentence> twice = deduped.apply("Again" + name, new DeduplicateSentences());
      PAssert.that(name + " twice", Describe.sentences("DescribeTwice" + name, twice))
          .containsInAnyOrder(EXPECTED);
      // ids are content hashes, the same in every run
      PAssert.that(name + " ids", Describe.ids("Ids" + name, deduped))
          .containsInAnyOrder(
              SentenceIds.of("en", "train", List.of("a", "b"), List.of("O", "O")),
              SentenceIds.of("en", "dev", List.of("a", "b"), List.of("O", "O")),
              SentenceIds.of("en", "train", List.of("c"), List.of("O")),
              SentenceIds.of("en", "train", List.of("d"), List.of("O")));
    }
    pipeline.run().waitUntilFinish();
  }
}

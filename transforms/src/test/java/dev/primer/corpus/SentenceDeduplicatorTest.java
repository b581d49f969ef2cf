package dev.primer.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.primer.schemas.Sentence;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SentenceDeduplicatorTest {

  @Test
  void plainLoopKeepsTheEarliestCopyLikeThePipeline() {
    Path conll = Fixtures.resource("conll2003/en/val.conllu");
    Path panx = Fixtures.resource("panx/train-en.tsv");
    List<Sentence> input = new ArrayList<>(Fixtures.parse("conll2003:" + conll, conll).sentences());
    input.addAll(Fixtures.parse("panx:" + panx, panx).sentences());
    // latest copies first: the order of arrival must not matter
    Collections.reverse(input);
    SentenceDeduplicator dedup = new SentenceDeduplicator();
    input.forEach(dedup::add);
    List<Sentence> kept = dedup.sentences();

    assertEquals(8, dedup.added());
    assertEquals(6, dedup.distinct());
    assertEquals(
        new TreeSet<>(
            List.of(
                "en/dev conll2003 | EU rejects German call | B-ORG O B-MISC O | val.conllu:3 x1",
                "en/dev conll2003 | Peter Blackburn | B-PER I-PER | val.conllu:8 x2",
                "en/dev conll2003 | Czech Daniel Vacek | B-MISC B-PER I-PER | val.conllu:14 x1"
                    + " [I_AFTER_OTHER@1]",
                "en/train panx | Paris is nice | B-LOC O O | train-en.tsv:1 x2",
                "en/train panx | John Smith | B-PER I-PER | train-en.tsv:5 x1",
                "en/train panx | the Red Cross helps | O B-ORG I-ORG O | train-en.tsv:16 x1"
                    + " [I_AFTER_O@1]")),
        kept.stream().map(Describe::sentence).collect(Collectors.toCollection(TreeSet::new)));
  }
}

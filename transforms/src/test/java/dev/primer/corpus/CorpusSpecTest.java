package dev.primer.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CorpusSpecTest {

  @Test
  void formatAndPatternOnly() {
    CorpusSpec spec = CorpusSpec.parse("panx:../shared/data/ner/panx/train-*.tsv.gz");
    assertEquals(CorpusFormat.PANX, spec.format());
    assertEquals("../shared/data/ner/panx/train-*.tsv.gz", spec.pattern());
    assertNull(spec.lang());
    assertNull(spec.split());
    assertEquals("panx", spec.name());
    assertEquals(IobScheme.IOB2, spec.iob());
  }

  @Test
  void settingsAndAPatternWithColons() {
    CorpusSpec spec =
        CorpusSpec.parse(
            "masakhaner,name=masakhaner2,lang=hau,split=dev,iob=auto:gs://b/m/*/dev.txt.gz");
    assertEquals(CorpusFormat.MASAKHANER, spec.format());
    assertEquals("gs://b/m/*/dev.txt.gz", spec.pattern());
    assertEquals("hau", spec.lang());
    assertEquals("dev", spec.split());
    assertEquals("masakhaner2", spec.name());
    assertEquals(IobScheme.AUTO, spec.iob());
    assertEquals(spec, CorpusSpec.parse(spec.toString()));
  }

  @Test
  void formatNameIsCaseInsensitive() {
    assertEquals(CorpusFormat.CONLL2002, CorpusSpec.parse("CoNLL2002:/d/esp.train").format());
  }

  @Test
  void invalidSpecsGiveMessagesForTheUser() {
    assertError("", "empty corpus spec");
    assertError("/data/esp.train", "no ':'");
    assertError("conll:/data/esp.train", "unknown corpus format 'conll'");
    assertError("conll:/data/esp.train", "panx, conll2002, conll2003, masakhaner, uner");
    assertError("panx:", "empty file pattern");
    assertError("panx:   ", "empty file pattern");
    assertError("panx,language=en:/x", "unknown setting 'language'");
    assertError("panx,lang:/x", "'lang' is not key=value");
    assertError("panx,lang=:/x", "'lang=' is not key=value");
    assertError("panx,lang=EN:/x", "not a language code");
    assertError("panx,split=testa:/x", "must be train, dev or test");
    assertError("panx,lang=en,lang=de:/x", "'lang' set twice");
    assertError("panx,name=my corpus:/x", "name='my corpus'");
    assertError("panx,iob=bio:/x", "unknown IOB scheme 'bio'");
  }

  @Test
  void parseAllReportsEveryBadSpec() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CorpusSpec.parseAll(List.of("panx:/a", "nope:/b", "uner,x=1:/c")));
    assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
    assertTrue(e.getMessage().contains("'x'"), e.getMessage());
    assertEquals(2, CorpusSpec.parseAll(List.of("panx:/a", "uner:/c")).size());
    assertThrows(IllegalArgumentException.class, () -> CorpusSpec.parseAll(List.of()));
  }

  @Test
  void semicolonSeparatesKeysAndCommaStillWorks() {
    CorpusSpec semicolon = CorpusSpec.parse("panx;lang=sw;split=train:/d/x.tsv");
    assertEquals(semicolon, CorpusSpec.parse("panx,lang=sw,split=train:/d/x.tsv"));
    assertEquals("sw", semicolon.lang());
    assertEquals("train", semicolon.split());
    assertEquals("panx;lang=sw;split=train:/d/x.tsv", semicolon.toString());
  }

  @Test
  void joinCommaSplitUndoesBeamsListSplitting() {
    // what Beam makes of --corpus=panx,lang=sw,split=train:/d/x.tsv
    assertEquals(
        List.of("panx,lang=sw,split=train:/d/x.tsv"),
        CorpusSpec.joinCommaSplit(List.of("panx", "lang=sw", "split=train:/d/x.tsv")));
    // a brace glob, and two specs in one flag
    assertEquals(
        List.of("panx;split=dev:/d/dev-{sw,yo,de}.tsv", "conll2002:/c/esp.train.gz"),
        CorpusSpec.joinCommaSplit(
            List.of("panx;split=dev:/d/dev-{sw", "yo", "de}.tsv", "conll2002:/c/esp.train.gz")));
    // pieces of separate flags that are whole specs stay apart
    assertEquals(
        List.of("panx:/a", "uner:/b"), CorpusSpec.joinCommaSplit(List.of("panx:/a", "uner:/b")));
  }

  private static void assertError(String spec, String expected) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CorpusSpec.parse(spec), spec);
    assertTrue(e.getMessage().contains(expected), spec + " -> " + e.getMessage());
  }
}

package dev.primer.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class FileNameRulesTest {

  private static void assertDerived(CorpusFormat format, String path, String lang, String split) {
    assertEquals(
        Optional.ofNullable(lang), FileNameRules.language(format, path), "lang of " + path);
    assertEquals(Optional.ofNullable(split), FileNameRules.split(format, path), "split of " + path);
  }

  @Test
  void perFormatRules() {
    assertDerived(CorpusFormat.PANX, "file:///d/panx/train-en.tsv.gz", "en", "train");
    assertDerived(CorpusFormat.PANX, "gs://b/panx/dev-yo.tsv", "yo", "dev");
    assertDerived(CorpusFormat.PANX, "/d/wikiann.tsv", null, null);
    assertDerived(CorpusFormat.PANX, "/d/wikiann-sw.tsv", null, null);
    assertDerived(CorpusFormat.CONLL2002, "/d/conll2002/esp.train.gz", "es", "train");
    assertDerived(CorpusFormat.CONLL2002, "/d/ned.testa", "nl", "dev");
    assertDerived(CorpusFormat.CONLL2002, "/d/eng.testb", "en", "test");
    assertDerived(CorpusFormat.CONLL2002, "/d/fra.train", null, null);
    assertDerived(CorpusFormat.CONLL2003, "file:///d/conll2003/de/val.conllu.gz", "de", "dev");
    assertDerived(CorpusFormat.CONLL2003, "/d/conll2003/en/train.conllu", "en", "train");
    assertDerived(CorpusFormat.CONLL2003, "/d/conll2003/English/train.conllu", null, "train");
    assertDerived(CorpusFormat.MASAKHANER, "gs://b/masakhaner2/hau/train.txt.gz", "hau", "train");
    assertDerived(CorpusFormat.MASAKHANER, "/m/masakhaner2_transfer/zh/dev.txt.gz", "zh", "dev");
    assertDerived(CorpusFormat.MASAKHANER, "/m/hau/all.txt", "hau", null);
    assertDerived(CorpusFormat.UNER, "/u/UNER_Danish-DDT/da_ddt-ud-train.iob2.gz", "da", "train");
    assertDerived(CorpusFormat.UNER, "/u/UNER_Chinese-GSDSIMP/zh_gsdsimp-ud-dev.iob2", "zh", "dev");
    assertDerived(CorpusFormat.UNER, "/u/other.iob2", null, null);
  }

  @Test
  void underivableSplitNamesTheFileAndTheSetting() {
    CorpusSpec spec = CorpusSpec.parse("masakhaner:/m/*/all.txt");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CorpusFile.resolve(spec, "file:///m/hau/all.txt"));
    assertTrue(e.getMessage().contains("file:///m/hau/all.txt"), e.getMessage());
    assertTrue(e.getMessage().contains("add split=train|dev|test"), e.getMessage());
  }

  @Test
  void underivableLanguageNamesTheFileAndTheSetting() {
    CorpusSpec spec = CorpusSpec.parse("conll2003:/c/*/train.conllu");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CorpusFile.resolve(spec, "file:///c/English/train.conllu"));
    assertTrue(e.getMessage().contains("add lang=CODE"), e.getMessage());
    assertEquals(
        "en", CorpusFile.resolve(spec.with("lang", "en"), "file:///c/English/train.conllu").lang());
  }
}

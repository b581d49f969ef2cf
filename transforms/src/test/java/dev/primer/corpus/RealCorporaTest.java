package dev.primer.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.primer.schemas.DeadLetter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Stages real files from {@code ../shared/data/ner} with the plain parser; skipped without them.
 */
class RealCorporaTest {

  private static Path ner(String relative) {
    String shared = System.getProperty("primer.shared.dir", "../shared");
    Path file = Paths.get(shared, "data", "ner").resolve(relative);
    assumeTrue(Files.isRegularFile(file), "real corpus file absent: " + file);
    return file;
  }

  private static CollectingSink stage(String format, String relative) {
    Path file = ner(relative);
    return Fixtures.parse(format + ":" + file, file);
  }

  private static Map<String, Long> reasons(CollectingSink out) {
    Map<String, Long> byReason = new TreeMap<>();
    for (DeadLetter d : out.deadLetters()) {
      byReason.merge(d.getReason(), 1L, Long::sum);
    }
    return byReason;
  }

  private static void report(String name, CollectingSink out) {
    long repaired = out.sentences().stream().filter(s -> !s.getRepairs().isEmpty()).count();
    System.out.println(
        name
            + ": sentences="
            + out.sentences().size()
            + " unique="
            + out.sentences().stream().map(s -> s.getId()).distinct().count()
            + " repaired="
            + repaired
            + " deadLetters="
            + reasons(out));
    for (DeadLetter d : out.deadLetters()) {
      System.out.println("  " + d.getReason() + " line " + d.getLine() + ": " + d.getDetail());
    }
  }

  @Test
  void panxTrainEnglish() {
    CollectingSink out = stage("panx", "panx/train-en.tsv.gz");
    report("panx train-en", out);
    assertEquals(20000, out.sentences().size());
    assertEquals(0, out.deadLetters().size());
    assertEquals("en", out.sentences().get(0).getLang());
  }

  @Test
  void panxTrainYoruba() {
    CollectingSink out = stage("panx", "panx/train-yo.tsv.gz");
    report("panx train-yo", out);
    assertEquals(100, out.sentences().size());
    assertEquals(0, out.deadLetters().size());
  }

  @Test
  void conll2002SpanishTrain() {
    CollectingSink out = stage("conll2002", "conll2002/esp.train.gz");
    report("conll2002 esp.train", out);
    assertEquals(8323, out.sentences().size());
    assertEquals(0, out.deadLetters().size());
    assertEquals("es", out.sentences().get(0).getLang());
  }

  @Test
  void conll2003EnglishTrainSkipsDocstartsAndRepairsTypeChanges() {
    CollectingSink out = stage("conll2003", "conll2003/en/train.conllu.gz");
    report("conll2003 en train", out);
    // 14987 blank-line-separated blocks, 946 of them a lone -DOCSTART- line
    assertEquals(14041, out.sentences().size());
    assertEquals(0, out.deadLetters().size());
  }

  @Test
  void masakhanerAndUnerFiles() {
    CollectingSink hau = stage("masakhaner", "masakhaner2/hau/train.txt.gz");
    report("masakhaner2 hau train", hau);
    assertEquals(5716, hau.sentences().size());
    assertEquals("hau", hau.sentences().get(0).getLang());
    CollectingSink da = stage("uner", "uner/UNER_Danish-DDT/da_ddt-ud-train.iob2.gz");
    report("uner da train", da);
    assertEquals(4383, da.sentences().size());
    assertEquals("da", da.sentences().get(0).getLang());
  }

  @Test
  void realMalformedLinesBecomeDeadLetters() {
    // two lines ' O' (empty token) in xho; tokens with spaces in the hu transfer corpus
    CollectingSink xho = stage("masakhaner", "masakhaner2/xho/train.txt.gz");
    report("masakhaner2 xho train", xho);
    assertEquals(5716, xho.sentences().size());
    assertEquals(
        java.util.List.of(44520L, 74513L),
        xho.deadLetters().stream().map(DeadLetter::getLine).toList());
    assertEquals(Map.of("EMPTY_TOKEN", 2L), reasons(xho));
    CollectingSink hu = stage("masakhaner", "masakhaner2_transfer/hu/train.txt.gz");
    report("masakhaner2_transfer hu train", hu);
    assertEquals(6703, hu.sentences().size());
    assertEquals(
        java.util.List.of(54182L, 71279L, 71556L, 87586L),
        hu.deadLetters().stream().map(DeadLetter::getLine).toList());
    assertEquals(Map.of("WRONG_COLUMN_COUNT", 4L), reasons(hu));
  }

  @Test
  void moreFilesMatchIndependentBlockCounts() {
    // counts from awk over the decompressed files: blocks between blank lines, DOCSTARTs excluded
    CollectingSink ned = stage("conll2002", "conll2002/ned.train.gz");
    report("conll2002 ned.train", ned);
    assertEquals(15806, ned.sentences().size());
    assertEquals("nl", ned.sentences().get(0).getLang());
    CollectingSink de = stage("conll2003", "conll2003/de/train.conllu.gz");
    report("conll2003 de train", de);
    assertEquals(12152, de.sentences().size());
    CollectingSink en = stage("uner", "uner/UNER_English-EWT/en_ewt-ud-dev.iob2.gz");
    report("uner en dev", en);
    assertEquals(2001, en.sentences().size());
    assertEquals("dev", en.sentences().get(0).getSplit());
  }
}

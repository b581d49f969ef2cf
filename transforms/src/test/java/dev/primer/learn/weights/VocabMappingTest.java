package dev.primer.learn.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VocabMappingTest {

  private static VocabMapping read(String tsv) throws IOException {
    return VocabMapping.read(
        new ByteArrayInputStream(tsv.getBytes(StandardCharsets.UTF_8)), "vocab_map.tsv");
  }

  @Test
  void readsRowsInAnyOrder() throws IOException {
    VocabMapping m = read("103\t2\n0\t0\n\n101\t1\n");
    assertEquals(3, m.size());
    assertEquals(0, m.oldId(0));
    assertEquals(101, m.oldId(1));
    assertEquals(103, m.oldId(2));
    assertEquals(2, m.newId(103));
    assertEquals(-1, m.newId(5));
    assertEquals(103, m.maxOldId());
  }

  @Test
  void malformedLineIsNamed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> read("0\t0\n1 1\n"));
    assertEquals(
        "vocab_map.tsv:2: expected old_id<TAB>new_id[<TAB>piece], got '1 1'", e.getMessage());
  }

  @Test
  void newIdsMustBeDense() {
    IllegalArgumentException gap =
        assertThrows(IllegalArgumentException.class, () -> read("0\t0\n5\t2\n"));
    assertEquals(
        "vocab_map.tsv: new id 2 is out of 0..1 or given twice; new ids must be 0..n-1, each once",
        gap.getMessage());
    assertThrows(IllegalArgumentException.class, () -> read("0\t0\n5\t0\n"));
  }

  @Test
  void oldIdsMustBeDistinct() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> read("7\t0\n7\t1\n"));
    assertEquals("vocab_map.tsv: Old id 7 is mapped twice", e.getMessage());
  }

  @Test
  void readsTheVocabStageFormatWithHeaderAndPieces() throws IOException {
    VocabMapping m = read("old_id\tnew_id\tpiece\n0\t0\t[PAD]\n100\t1\t[UNK]\n5012\t2\ta\\tb\n");
    assertEquals(3, m.size());
    assertEquals(5012, m.oldId(2));
  }

  @Test
  void tsvRoundTripsWithEscapes() {
    VocabMapping m =
        VocabMapping.of(
            new int[] {0, 7, 9}, new int[] {0, 1, 2}, new String[] {"[PAD]", "a\tb", "c\\n"});
    String tsv = m.toTsv();
    assertEquals("old_id\tnew_id\tpiece\n0\t0\t[PAD]\n7\t1\ta\\tb\n9\t2\tc\\\\n\n", tsv);
    VocabMapping back = VocabMapping.fromTsv(tsv);
    assertEquals(3, back.size());
    assertEquals("a\tb", back.piece(1));
    assertEquals("c\\n", back.piece(2));
    assertEquals(2, back.newId(9));
    assertEquals(-1, back.newId(8));
    assertArrayEquals(new int[] {0, 7, 9}, back.oldIdsByNewId());
  }

  @Test
  void rejectsMissingHeader() {
    assertThrows(IllegalArgumentException.class, () -> VocabMapping.fromTsv("0\t0\ta\n"));
  }
}

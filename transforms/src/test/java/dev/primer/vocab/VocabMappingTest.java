package dev.primer.vocab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class VocabMappingTest {

  @Test
  void tsvRoundTripsWithEscapes() {
    VocabMapping m =
        new VocabMapping(
            new int[] {0, 7, 9}, new int[] {0, 1, 2}, new String[] {"[PAD]", "a\tb", "c\\n"});
    String tsv = m.toTsv();
    assertEquals("old_id\tnew_id\tpiece\n0\t0\t[PAD]\n7\t1\ta\\tb\n9\t2\tc\\\\n\n", tsv);
    VocabMapping back = VocabMapping.fromTsv(tsv);
    assertEquals(3, back.size());
    assertEquals("a\tb", back.piece(1));
    assertEquals("c\\n", back.piece(2));
    assertEquals(2, back.toNewId(9));
    assertEquals(-1, back.toNewId(8));
    assertArrayEquals(new int[] {0, 7, 9}, back.oldIdsByNewId());
  }

  @Test
  void rejectsMissingHeader() {
    assertThrows(IllegalArgumentException.class, () -> VocabMapping.fromTsv("0\t0\ta\n"));
  }
}

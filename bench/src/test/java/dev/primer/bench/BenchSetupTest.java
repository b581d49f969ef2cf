package dev.primer.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.learn.peft.PeftMethod;
import dev.primer.schemas.EncodedSentence;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The setup the benchmark mains share: synthetic batches, method names, timing figures. */
class BenchSetupTest {

  @Test
  void sentencesAreFullLengthReproducibleAndInRange() {
    List<EncodedSentence> a = BenchSetup.sentences(4, 10, 7, 5000, 7, "b");
    assertEquals(a, BenchSetup.sentences(4, 10, 7, 5000, 7, "b"));
    assertNotEquals(a, BenchSetup.sentences(4, 10, 7, 5000, 8, "b"));
    assertEquals(4, a.size());
    for (EncodedSentence s : a) {
      assertEquals(10, s.getLength());
      assertEquals(10, s.getInputIds().size());
      assertEquals(BenchSetup.CLS, s.getInputIds().get(0));
      assertEquals(BenchSetup.SEP, s.getInputIds().get(9));
      assertEquals(-100, s.getLabelIds().get(0));
      assertEquals(-100, s.getLabelIds().get(9));
      for (int t = 1; t < 9; t++) {
        int id = s.getInputIds().get(t);
        assertTrue(id >= 1000 && id < 5000, "id " + id);
        int label = s.getLabelIds().get(t);
        assertTrue(label >= 0 && label < 7, "label " + label);
        assertEquals(t - 1, s.getWordIds().get(t));
      }
    }
    assertEquals("b3", a.get(3).getId());
    long[] ids = BenchSetup.inputIds(a);
    assertEquals(40, ids.length);
    assertEquals((long) a.get(1).getInputIds().get(4), ids[14]);
  }

  @Test
  void smallVocabulariesStayInRange() {
    for (EncodedSentence s : BenchSetup.sentences(2, 6, 3, 50, 1, "x")) {
      for (int id : s.getInputIds()) {
        assertTrue(id >= 0 && id < 50, "id " + id);
      }
    }
  }

  @Test
  void methodNames() {
    assertEquals(PeftMethod.FULL, BenchSetup.peft("plain").method());
    assertEquals(PeftMethod.FULL, BenchSetup.peft("full").method());
    assertEquals(PeftMethod.HOULSBY, BenchSetup.peft("houlsby").method());
    assertEquals(PeftMethod.HOULSBY, BenchSetup.peft("adapter-houlsby").method());
    assertEquals(PeftMethod.LORA, BenchSetup.peft("lora").method());
    assertThrows(IllegalArgumentException.class, () -> BenchSetup.peft("nope"));
  }

  @Test
  void timingFigures() {
    int[] runs = {0};
    BenchSetup.Timings t = BenchSetup.time(2, 5, () -> runs[0]++);
    assertEquals(7, runs[0]);
    assertEquals(5, t.wallMs().length);
    BenchSetup.Timings fixed = new BenchSetup.Timings(new double[] {5, 1, 4, 2, 3}, 0);
    assertEquals(3.0, fixed.median());
    assertEquals(5.0, fixed.p90());
    assertArrayEquals(new double[] {5, 1, 4, 2, 3}, fixed.wallMs());
    assertEquals(3.0, BenchSetup.median(new double[] {4, 1, 3, 2}));
    assertTrue(BenchSetup.peakRssMib() > 0, "VmHWM read from /proc/self/status");
  }

  @Test
  void timedRowsCarryTheirCountUnderItsOwnKey() {
    BenchSetup.Timings t = new BenchSetup.Timings(new double[] {40, 20, 30}, 12.5);
    TimedRow row = TimedRow.of("tiny", "lora", "trainable", 1234, t, 2048);
    assertEquals(30.0, row.medianMs());
    assertEquals(40.0, row.p90Ms());
    assertEquals(2048 / 0.030, row.tokensPerSecond(), 1e-9);
    assertEquals(12.5, row.cpuMs());
    String json = row.toJson();
    assertTrue(json.contains("\"trainable\": 1234,"), json);
    assertTrue(json.contains("\"preset\": \"tiny\", \"method\": \"lora\""), json);
    assertTrue(json.contains("\"median_ms\": 30.00,"), json);
    assertTrue(json.startsWith("{\"impl\": \"primer DJL "), json);
  }
}

package dev.primer.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.primer.schemas.EncodedSentence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class FewShotTest {

  /** 40 sentences; every fifth has two windows. */
  static List<EncodedSentence> train() {
    List<EncodedSentence> out = new ArrayList<>();
    for (int s = 0; s < 40; s++) {
      int windows = s % 5 == 0 ? 2 : 1;
      for (int w = 0; w < windows; w++) {
        out.add(window(String.format("en-%03d", s), w, windows));
      }
    }
    return out;
  }

  static EncodedSentence window(String sentenceId, int window, int windows) {
    return EncodedSentence.newBuilder()
        .setId(sentenceId + "#" + window)
        .setSentenceId(sentenceId)
        .setLang("en")
        .setSplit("train")
        .setWindow(window)
        .setWindows(windows)
        .setWordStart(window)
        .setNumWords(1)
        .setInputIds(List.of(1, 5, 2))
        .setLabelIds(List.of(-100, 0, -100))
        .setWordIds(List.of(-1, 0, -1))
        .setLength(3)
        .build();
  }

  @Test
  void picksWholeSentencesIndependentlyOfInputOrder() {
    List<EncodedSentence> train = train();
    List<EncodedSentence> shuffled = new ArrayList<>(train);
    Collections.shuffle(shuffled, new Random(3));
    List<EncodedSentence> a = FewShot.select(train, 10, 7);
    List<EncodedSentence> b = FewShot.select(shuffled, 10, 7);
    assertEquals(a, b);
    assertEquals(10, FewShot.sentences(a));
    Set<String> ids = new TreeSet<>();
    for (EncodedSentence s : a) {
      ids.add(s.getSentenceId());
    }
    for (String id : ids) {
      long windows = a.stream().filter(s -> s.getSentenceId().equals(id)).count();
      assertEquals(
          a.stream().filter(s -> s.getSentenceId().equals(id)).findFirst().get().getWindows(),
          windows);
    }
  }

  @Test
  void seedChangesTheSubsetAndZeroKeepsAll() {
    List<EncodedSentence> train = train();
    assertNotEquals(FewShot.select(train, 10, 1), FewShot.select(train, 10, 2));
    assertEquals(EncodedData.sorted(train), FewShot.select(train, 0, 1));
    assertEquals(EncodedData.sorted(train), FewShot.select(train, 40, 1));
    assertEquals(48, FewShot.select(train, 100, 1).size());
  }
}

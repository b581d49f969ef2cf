package dev.primer.corpus;

import dev.primer.schemas.DeadLetter;
import dev.primer.schemas.Sentence;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ParseSink} that keeps everything in lists, for plain loops over small files and tests.
 */
public final class CollectingSink implements ParseSink {
  private final List<Sentence> sentences = new ArrayList<>();
  private final List<DeadLetter> deadLetters = new ArrayList<>();

  @Override
  public void sentence(Sentence sentence) {
    sentences.add(sentence);
  }

  @Override
  public void deadLetter(DeadLetter deadLetter, String split) {
    deadLetters.add(deadLetter);
  }

  /** The sentences received, in order. */
  public List<Sentence> sentences() {
    return sentences;
  }

  /** The dead letters received, in order. */
  public List<DeadLetter> deadLetters() {
    return deadLetters;
  }
}

package dev.primer.corpus;

import dev.primer.schemas.DeadLetter;
import dev.primer.schemas.Sentence;

/** Receives what {@link CorpusFileParser} reads from a file, in file order. */
public interface ParseSink {

  /** A sentence that passed every check (possibly repaired). */
  void sentence(Sentence sentence);

  /**
   * A rejected sentence or file.
   *
   * @param deadLetter the dead letter
   * @param split the split of the file it came from (dead letters have no split field)
   */
  void deadLetter(DeadLetter deadLetter, String split);
}

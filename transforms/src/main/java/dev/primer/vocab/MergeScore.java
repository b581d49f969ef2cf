package dev.primer.vocab;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.primer.OptionEnum;
import dev.primer.OptionNames;

/**
 * How the WordPiece trainer ranks candidate pair merges.
 *
 * <p>{@link #FREQUENCY} is the default: it is what HuggingFace's own {@code WordPieceTrainer} does,
 * and on PAN-X (train of en, de, fi, sw; 30,000 pieces; min frequency 2) it gave 1.44-1.66 pieces
 * per dev word against 3.4-4.4 for {@link #WORDPIECE}, which spends its merges on rare pairs of
 * rare symbols unless the minimum frequency is raised (about 10 there: 1.50-1.74).
 */
public enum MergeScore implements OptionEnum {
  /**
   * The WordPiece likelihood score {@code count(ab) / (count(a) * count(b))}: prefers pairs whose
   * parts rarely occur apart (Google's WordPiece rule as the HuggingFace course describes it). Use
   * with a minimum frequency suited to the corpus size.
   */
  WORDPIECE,
  /**
   * The BPE rule {@code count(ab)}: what HuggingFace's {@code WordPieceTrainer} does (a BPE trainer
   * with a {@code ##} continuation prefix); favours frequent words and stems.
   */
  FREQUENCY;

  /**
   * The constant an option names (case-insensitive, {@code -} read as {@code _}); Beam reads the
   * option through it.
   *
   * @throws IllegalArgumentException naming the valid names
   */
  @JsonCreator
  public static MergeScore fromOptionName(String name) {
    return OptionNames.parse(MergeScore.class, name, "merge rule");
  }
}

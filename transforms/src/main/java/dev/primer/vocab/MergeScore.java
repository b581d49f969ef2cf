package dev.primer.vocab;

/** How the WordPiece trainer ranks candidate pair merges. */
public enum MergeScore {
  /**
   * The WordPiece likelihood score {@code count(ab) / (count(a) * count(b))}: prefers pairs whose
   * parts rarely occur apart (the rule of Google's WordPiece as described by HuggingFace).
   */
  WORDPIECE,
  /**
   * The BPE rule {@code count(ab)}: what HuggingFace's own {@code WordPieceTrainer} does (it is a
   * BPE trainer with a {@code ##} prefix); cheaper, and favours frequent whole words.
   */
  FREQUENCY
}

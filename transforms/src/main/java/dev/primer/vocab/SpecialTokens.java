package dev.primer.vocab;

import java.util.List;

/** The BERT special tokens, in the order a learned vocabulary gives them ids 0..4. */
public final class SpecialTokens {

  /** Padding token, id 0 in a learned vocabulary. */
  public static final String PAD = "[PAD]";

  /** Unknown-piece token, id 1 in a learned vocabulary. */
  public static final String UNK = "[UNK]";

  /** Sequence-start token, id 2 in a learned vocabulary. */
  public static final String CLS = "[CLS]";

  /** Separator / sequence-end token, id 3 in a learned vocabulary. */
  public static final String SEP = "[SEP]";

  /** Masked-LM token, id 4 in a learned vocabulary. */
  public static final String MASK = "[MASK]";

  /** All five, in id order. */
  public static final List<String> ALL = List.of(PAD, UNK, CLS, SEP, MASK);

  private SpecialTokens() {}
}

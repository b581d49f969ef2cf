package dev.primer.vocab;

import dev.primer.UserError;
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

  /**
   * The id of {@link #PAD} in a tokenizer (its vocabulary, else its added tokens): the one pad-id
   * rule of every stage that batches sentences (pretrain, prime, finetune, evaluate, predict).
   * There is no fallback: a tokenizer without {@code [PAD]} is refused, since padding with an
   * arbitrary id would train and score on a real piece.
   *
   * @param source where the tokenizer was read, for the message
   * @throws UserError when the tokenizer has no {@code [PAD]}
   */
  public static int padId(TokenizerJson tokenizer, String source) {
    Integer id = tokenizer.vocab().get(PAD);
    if (id == null) {
      id = tokenizer.addedTokens().get(PAD);
    }
    if (id == null) {
      throw new UserError(
          source
              + " has no "
              + PAD
              + " token: primer pads batches with it; use a BERT WordPiece tokenizer (one"
              + " learned by the vocab stage has it)");
    }
    return id;
  }
}

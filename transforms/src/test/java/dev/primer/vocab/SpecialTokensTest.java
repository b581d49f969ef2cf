package dev.primer.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.UserError;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecialTokensTest {

  @Test
  void padIdIsTheVocabularysPad() {
    TokenizerJson t =
        BertWordPieceJson.build(
            List.of("a", "b", "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"),
            BertNormalizerOptions.cased());
    assertEquals(2, SpecialTokens.padId(t, "x/tokenizer.json"));
  }

  @Test
  void padIdIsFoundAmongAddedTokens() {
    TokenizerJson t =
        TokenizerJson.parse(
            "{\"added_tokens\":[{\"id\":7,\"content\":\"[PAD]\",\"special\":true}],"
                + "\"model\":{\"type\":\"WordPiece\",\"vocab\":{\"[UNK]\":0,\"a\":1}}}");
    assertEquals(7, SpecialTokens.padId(t, "x/tokenizer.json"));
  }

  @Test
  void aTokenizerWithoutPadIsRefusedNotPaddedWithAnotherPiece() {
    // Control above: the same builder with [PAD] gives its id. Here '<pad>' and id 0 exist, but
    // the one rule refuses rather than falling back to either.
    TokenizerJson t =
        TokenizerJson.parse(
            "{\"model\":{\"type\":\"WordPiece\",\"vocab\":{\"<pad>\":0,\"[UNK]\":1,"
                + "\"[CLS]\":2,\"[SEP]\":3,\"[MASK]\":4,\"a\":5}}}");
    UserError e = assertThrows(UserError.class, () -> SpecialTokens.padId(t, "x/tokenizer.json"));
    assertTrue(e.getMessage().startsWith("x/tokenizer.json has no [PAD] token"), e.getMessage());
  }
}

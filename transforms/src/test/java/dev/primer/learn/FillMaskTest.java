package dev.primer.learn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FillMaskTest {

  static final List<String> VOCAB =
      List.of(
          "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "Paris", "is", "the", "capital", "of",
          "France", ".", "city", "##s");

  /** A minimal WordPiece tokenizer.json with BERT's normalizer, pre-tokenizer and template. */
  static String tokenizerJson() {
    StringBuilder vocab = new StringBuilder();
    StringBuilder added = new StringBuilder();
    for (int i = 0; i < VOCAB.size(); i++) {
      String piece = VOCAB.get(i);
      vocab.append(i == 0 ? "" : ",").append('"').append(piece).append("\":").append(i);
      if (piece.startsWith("[")) {
        added
            .append(added.length() == 0 ? "" : ",")
            .append("{\"id\":")
            .append(i)
            .append(",\"content\":\"")
            .append(piece)
            .append("\",\"single_word\":false,\"lstrip\":false,\"rstrip\":false,")
            .append("\"normalized\":false,\"special\":true}");
      }
    }
    return "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":["
        + added
        + "],\"normalizer\":{\"type\":\"BertNormalizer\",\"clean_text\":true,"
        + "\"handle_chinese_chars\":true,\"strip_accents\":false,\"lowercase\":false},"
        + "\"pre_tokenizer\":{\"type\":\"BertPreTokenizer\"},"
        + "\"post_processor\":{\"type\":\"TemplateProcessing\","
        + "\"single\":[{\"SpecialToken\":{\"id\":\"[CLS]\",\"type_id\":0}},"
        + "{\"Sequence\":{\"id\":\"A\",\"type_id\":0}},{\"SpecialToken\":{\"id\":\"[SEP]\",\"type_id\":0}}],"
        + "\"pair\":[{\"Sequence\":{\"id\":\"A\",\"type_id\":0}},{\"Sequence\":{\"id\":\"B\",\"type_id\":1}}],"
        + "\"special_tokens\":{\"[CLS]\":{\"id\":\"[CLS]\",\"ids\":[2],\"tokens\":[\"[CLS]\"]},"
        + "\"[SEP]\":{\"id\":\"[SEP]\",\"ids\":[3],\"tokens\":[\"[SEP]\"]}}},"
        + "\"decoder\":null,\"model\":{\"type\":\"WordPiece\",\"unk_token\":\"[UNK]\","
        + "\"continuing_subword_prefix\":\"##\",\"max_input_chars_per_word\":100,\"vocab\":{"
        + vocab
        + "}}}";
  }

  /** Records its input and gives logit 2 to "capital", 1 to "city", 0 elsewhere (per mask: +i). */
  static final class StubScorer implements MaskedLmScorer {
    long[] ids;
    long[] types;
    int[] positions;

    @Override
    public float[][] logitsAt(long[] inputIds, long[] typeIds, int[] positions) {
      this.ids = inputIds;
      this.types = typeIds;
      this.positions = positions;
      float[][] out = new float[positions.length][VOCAB.size()];
      for (int i = 0; i < positions.length; i++) {
        out[i][8] = 2f + i;
        out[i][12] = 1f;
      }
      return out;
    }
  }

  private static FillMask fillMask(MaskedLmScorer model) throws Exception {
    return FillMask.create(
        new ByteArrayInputStream(tokenizerJson().getBytes(StandardCharsets.UTF_8)), "tiny", model);
  }

  @Test
  void scoresTheMaskPositionAndRanksBySoftmax() throws Exception {
    StubScorer stub = new StubScorer();
    try (FillMask fill = fillMask(stub)) {
      assertEquals("[MASK]", fill.maskToken());
      List<List<FillMask.Prediction>> result = fill.predict("Paris is the [MASK] of France.", 3);
      assertArrayEquals(new long[] {2, 5, 6, 7, 4, 9, 10, 11, 3}, stub.ids);
      assertArrayEquals(new long[9], stub.types);
      assertArrayEquals(new int[] {4}, stub.positions);
      List<FillMask.Prediction> top = result.get(0);
      assertEquals(List.of("capital", "city"), List.of(top.get(0).piece(), top.get(1).piece()));
      double z = Math.exp(2) + Math.exp(1) + (VOCAB.size() - 2);
      assertEquals(Math.exp(2) / z, top.get(0).probability(), 1e-12);
      assertEquals(Math.exp(1) / z, top.get(1).probability(), 1e-12);
      assertEquals(1 / z, top.get(2).probability(), 1e-12);
      assertEquals(8, top.get(0).tokenId());
      assertEquals("capital 0.3342 | city 0.1230 | [PAD] 0.0452\n", FillMask.format(result));
    }
  }

  @Test
  void everyMaskGetsItsOwnList() throws Exception {
    StubScorer stub = new StubScorer();
    try (FillMask fill = fillMask(stub)) {
      List<List<FillMask.Prediction>> result = fill.predict("[MASK] is the [MASK].", 1);
      assertArrayEquals(new int[] {1, 4}, stub.positions);
      assertEquals(2, result.size());
      assertTrue(result.get(1).get(0).probability() > result.get(0).get(0).probability());
    }
  }

  @Test
  void textWithoutMaskIsRefused() throws Exception {
    try (FillMask fill = fillMask(new StubScorer())) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> fill.predict("Paris is the city.", 5));
      assertEquals("The text holds no [MASK] token: Paris is the city.", e.getMessage());
    }
  }

  @Test
  void modelWithAnotherVocabularyIsRefused() throws Exception {
    MaskedLmScorer wrong = (ids, types, positions) -> new float[positions.length][7];
    try (FillMask fill = fillMask(wrong)) {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> fill.predict("the [MASK]", 5));
      assertEquals("The model scores 7 pieces but the vocabulary has 14", e.getMessage());
    }
  }

  @Test
  void listOfTopPiecesIsSortedAndBounded() throws Exception {
    MaskedLmScorer ramp =
        (ids, types, positions) -> {
          float[][] out = new float[positions.length][VOCAB.size()];
          for (int i = 0; i < VOCAB.size(); i++) {
            out[0][i] = i;
          }
          return out;
        };
    try (FillMask fill = fillMask(ramp)) {
      List<FillMask.Prediction> top = fill.predict("the [MASK]", 4).get(0);
      List<String> pieces = new ArrayList<>();
      top.forEach(p -> pieces.add(p.piece()));
      assertEquals(List.of("##s", "city", ".", "France"), pieces);
    }
  }
}

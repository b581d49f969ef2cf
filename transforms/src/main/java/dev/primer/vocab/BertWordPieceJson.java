package dev.primer.vocab;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a complete BERT-style WordPiece tokenizer.json from a list of pieces: BertNormalizer,
 * BertPreTokenizer, WordPiece model with {@code ##} and [UNK], TemplateProcessing {@code [CLS] $A
 * [SEP]} (pair: {@code [CLS] $A [SEP] $B:1 [SEP]:1}) and the WordPiece decoder.
 */
public final class BertWordPieceJson {

  /** Words longer than this many characters become [UNK], as in BERT. */
  public static final int MAX_INPUT_CHARS_PER_WORD = 100;

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private BertWordPieceJson() {}

  /**
   * The tokenizer.json for {@code pieces} (id = list index), which must contain the five {@link
   * SpecialTokens}.
   */
  public static TokenizerJson build(List<String> pieces, BertNormalizerOptions normalizer) {
    Map<String, Integer> ids = new HashMap<>();
    for (int i = 0; i < pieces.size(); i++) {
      if (ids.put(pieces.get(i), i) != null) {
        throw new IllegalArgumentException("duplicate piece '" + pieces.get(i) + "'");
      }
    }
    for (String special : SpecialTokens.ALL) {
      if (!ids.containsKey(special)) {
        throw new IllegalArgumentException("missing special token " + special);
      }
    }

    ObjectNode root = F.objectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    for (String special : SpecialTokens.ALL) {
      added
          .addObject()
          .put("id", ids.get(special))
          .put("content", special)
          .put("single_word", false)
          .put("lstrip", false)
          .put("rstrip", false)
          .put("normalized", false)
          .put("special", true);
    }

    ObjectNode norm = root.putObject("normalizer");
    norm.put("type", "BertNormalizer");
    norm.put("clean_text", normalizer.cleanText());
    norm.put("handle_chinese_chars", normalizer.handleChineseChars());
    if (normalizer.stripAccents() == null) {
      norm.putNull("strip_accents");
    } else {
      norm.put("strip_accents", normalizer.stripAccents());
    }
    norm.put("lowercase", normalizer.lowercase());

    root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");

    ObjectNode post = root.putObject("post_processor");
    post.put("type", "TemplateProcessing");
    ArrayNode single = post.putArray("single");
    single.add(special(SpecialTokens.CLS, 0));
    single.add(sequence("A", 0));
    single.add(special(SpecialTokens.SEP, 0));
    ArrayNode pair = post.putArray("pair");
    pair.add(special(SpecialTokens.CLS, 0));
    pair.add(sequence("A", 0));
    pair.add(special(SpecialTokens.SEP, 0));
    pair.add(sequence("B", 1));
    pair.add(special(SpecialTokens.SEP, 1));
    ObjectNode specialTokens = post.putObject("special_tokens");
    for (String token : List.of(SpecialTokens.CLS, SpecialTokens.SEP)) {
      ObjectNode t = specialTokens.putObject(token);
      t.put("id", token);
      t.putArray("ids").add(ids.get(token));
      t.putArray("tokens").add(token);
    }

    ObjectNode decoder = root.putObject("decoder");
    decoder.put("type", "WordPiece");
    decoder.put("prefix", "##");
    decoder.put("cleanup", true);

    ObjectNode model = root.putObject("model");
    model.put("type", "WordPiece");
    model.put("unk_token", SpecialTokens.UNK);
    model.put("continuing_subword_prefix", "##");
    model.put("max_input_chars_per_word", MAX_INPUT_CHARS_PER_WORD);
    ObjectNode vocab = model.putObject("vocab");
    for (int i = 0; i < pieces.size(); i++) {
      vocab.put(pieces.get(i), i);
    }
    return TokenizerJson.of(root);
  }

  private static ObjectNode special(String token, int typeId) {
    ObjectNode n = F.objectNode();
    n.putObject("SpecialToken").put("id", token).put("type_id", typeId);
    return n;
  }

  private static ObjectNode sequence(String id, int typeId) {
    ObjectNode n = F.objectNode();
    n.putObject("Sequence").put("id", id).put("type_id", typeId);
    return n;
  }
}

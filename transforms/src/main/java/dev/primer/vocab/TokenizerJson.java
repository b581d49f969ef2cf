package dev.primer.vocab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.primer.Json;
import dev.primer.learn.weights.VocabMapping;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A HuggingFace {@code tokenizer.json}, read with Jackson so that every section the vocabulary
 * stage does not touch (normalizer, pre-tokenizer, decoder, ...) is written back unchanged.
 *
 * <p>Reading works for any model type whose vocabulary is a piece-to-id map (WordPiece, BPE,
 * WordLevel) or a list (Unigram); {@link #prune} supports WordPiece only.
 */
public final class TokenizerJson {

  private static final ObjectMapper MAPPER = Json.mapper();

  private final ObjectNode root;
  private Map<String, Integer> vocab;

  private TokenizerJson(ObjectNode root) {
    this.root = root;
  }

  /** Parses tokenizer.json text; fails with {@link IllegalArgumentException} when malformed. */
  public static TokenizerJson parse(String json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (!(node instanceof ObjectNode obj) || !(obj.get("model") instanceof ObjectNode)) {
      throw new IllegalArgumentException("not a tokenizer.json: no 'model' object");
    }
    return new TokenizerJson(obj);
  }

  /** Wraps a tree built elsewhere (e.g. by {@link BertWordPieceJson}). */
  static TokenizerJson of(ObjectNode root) {
    return new TokenizerJson(root);
  }

  /** The JSON text, indented. */
  public String toJson() {
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The model type, e.g. {@code WordPiece}. */
  public String modelType() {
    return model().path("type").asText("");
  }

  /** The WordPiece continuing-subword prefix, {@code ##} when not given. */
  public String continuingSubwordPrefix() {
    return model().path("continuing_subword_prefix").asText("##");
  }

  /** The model vocabulary, piece to id, in id order (unmodifiable). */
  public synchronized Map<String, Integer> vocab() {
    if (vocab == null) {
      vocab = Collections.unmodifiableMap(readVocab());
    }
    return vocab;
  }

  private Map<String, Integer> readVocab() {
    JsonNode v = model().get("vocab");
    TreeMap<Integer, String> byId = new TreeMap<>();
    if (v instanceof ObjectNode obj) {
      Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        byId.put(e.getValue().asInt(), e.getKey());
      }
    } else if (v instanceof ArrayNode arr) {
      for (int i = 0; i < arr.size(); i++) {
        byId.put(i, arr.get(i).get(0).asText());
      }
    } else {
      throw new IllegalArgumentException("model has no vocab");
    }
    Map<String, Integer> out = new LinkedHashMap<>();
    byId.forEach((id, piece) -> out.put(piece, id));
    return out;
  }

  /** The added tokens (content to id), in file order. */
  public Map<String, Integer> addedTokens() {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (JsonNode t : root.path("added_tokens")) {
      out.put(t.path("content").asText(), t.path("id").asInt());
    }
    return out;
  }

  /** The contents of added tokens marked {@code special}. */
  public Set<String> specialTokens() {
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode t : root.path("added_tokens")) {
      if (t.path("special").asBoolean(false)) {
        out.add(t.path("content").asText());
      }
    }
    return Collections.unmodifiableSet(out);
  }

  /** Number of distinct ids: model pieces plus added tokens outside the model vocabulary. */
  public int size() {
    Set<Integer> ids = new HashSet<>(vocab().values());
    ids.addAll(addedTokens().values());
    return ids.size();
  }

  /** The unknown-piece token, or null when the model has none. */
  public String unkToken() {
    JsonNode m = model();
    if (m.hasNonNull("unk_token")) {
      return m.get("unk_token").asText();
    }
    if (m.hasNonNull("unk_id") && m.get("vocab") instanceof ArrayNode arr) {
      return arr.get(m.get("unk_id").asInt()).get(0).asText();
    }
    return null;
  }

  /** The id of the unknown-piece token, or -1 when the model has none. */
  public int unkId() {
    String unk = unkToken();
    if (unk == null) {
      return -1;
    }
    Integer id = vocab().get(unk);
    if (id == null) {
      id = addedTokens().get(unk);
    }
    return id == null ? -1 : id;
  }

  /**
   * A copy that keeps only the given ids, every added token, the unknown token and, optionally,
   * every single-character piece ({@code c} and {@code ##c}), with ids renumbered densely in the
   * old order. Ids in the post-processor (template special tokens, BERT/RoBERTa processing) and the
   * padding section follow.
   *
   * @param keepIds old ids that occur in the corpus
   * @param keepSingleCharacters also keep every single-character piece, so that words unseen in the
   *     corpus do not become [UNK] more often than before
   */
  public PrunedVocabulary prune(BitSet keepIds, boolean keepSingleCharacters) {
    if (!"WordPiece".equals(modelType())) {
      throw new UnsupportedOperationException(
          "pruning supports WordPiece models only, not " + modelType());
    }
    String prefix = continuingSubwordPrefix();
    Map<String, Integer> vocab = vocab();
    Map<String, Integer> added = addedTokens();
    Set<String> required = requiredTokens();
    TreeMap<Integer, String> kept = new TreeMap<>();
    vocab.forEach(
        (piece, id) -> {
          if (keepIds.get(id)
              || added.containsKey(piece)
              || required.contains(piece)
              || (keepSingleCharacters && isSingleCharacter(piece, prefix))) {
            kept.put(id, piece);
          }
        });
    added.forEach((piece, id) -> kept.putIfAbsent(id, piece));

    int n = kept.size();
    int[] oldIds = new int[n];
    int[] newIds = new int[n];
    String[] pieces = new String[n];
    Map<String, Integer> newIdOf = new LinkedHashMap<>();
    int i = 0;
    for (Map.Entry<Integer, String> e : kept.entrySet()) {
      oldIds[i] = e.getKey();
      newIds[i] = i;
      pieces[i] = e.getValue();
      newIdOf.put(e.getValue(), i);
      i++;
    }

    ObjectNode copy = root.deepCopy();
    ObjectNode newVocab = MAPPER.createObjectNode();
    for (int k = 0; k < n; k++) {
      if (vocab.containsKey(pieces[k])) {
        newVocab.put(pieces[k], newIds[k]);
      }
    }
    ((ObjectNode) copy.get("model")).set("vocab", newVocab);
    for (JsonNode t : copy.path("added_tokens")) {
      ((ObjectNode) t).put("id", newIdOf.get(t.path("content").asText()));
    }
    if (copy.get("post_processor") instanceof ObjectNode pp) {
      remapPostProcessor(pp, newIdOf);
    }
    if (copy.get("padding") instanceof ObjectNode padding && padding.has("pad_token")) {
      Integer padId = newIdOf.get(padding.get("pad_token").asText());
      if (padId != null) {
        padding.put("pad_id", padId);
      }
    }
    return new PrunedVocabulary(new TokenizerJson(copy), VocabMapping.of(oldIds, newIds, pieces));
  }

  /** Tokens the file refers to outside the vocabulary: unknown, post-processor and padding. */
  private Set<String> requiredTokens() {
    Set<String> out = new LinkedHashSet<>();
    if (unkToken() != null) {
      out.add(unkToken());
    }
    collectPostProcessorTokens(root.get("post_processor"), out);
    if (root.get("padding") instanceof ObjectNode padding && padding.hasNonNull("pad_token")) {
      out.add(padding.get("pad_token").asText());
    }
    return out;
  }

  private static void collectPostProcessorTokens(JsonNode pp, Set<String> out) {
    if (pp == null || pp.isNull()) {
      return;
    }
    for (JsonNode special : pp.path("special_tokens")) {
      for (JsonNode token : special.path("tokens")) {
        out.add(token.asText());
      }
    }
    for (String field : List.of("sep", "cls")) {
      if (pp.get(field) instanceof ArrayNode pair && pair.size() == 2) {
        out.add(pair.get(0).asText());
      }
    }
    for (JsonNode p : pp.path("processors")) {
      collectPostProcessorTokens(p, out);
    }
  }

  /** Whether a piece is one character, possibly after the continuing-subword prefix. */
  static boolean isSingleCharacter(String piece, String prefix) {
    String body =
        piece.startsWith(prefix) && piece.length() > prefix.length()
            ? piece.substring(prefix.length())
            : piece;
    return body.codePointCount(0, body.length()) == 1;
  }

  private static void remapPostProcessor(ObjectNode pp, Map<String, Integer> newIdOf) {
    String type = pp.path("type").asText();
    switch (type) {
      case "TemplateProcessing" -> {
        if (pp.get("special_tokens") instanceof ObjectNode specials) {
          for (JsonNode special : specials) {
            ArrayNode ids = MAPPER.createArrayNode();
            for (JsonNode token : special.path("tokens")) {
              ids.add(requireId(newIdOf, token.asText()));
            }
            ((ObjectNode) special).set("ids", ids);
          }
        }
      }
      case "BertProcessing", "RobertaProcessing" -> {
        for (String field : List.of("sep", "cls")) {
          if (pp.get(field) instanceof ArrayNode pair && pair.size() == 2) {
            pair.set(
                1, MAPPER.getNodeFactory().numberNode(requireId(newIdOf, pair.get(0).asText())));
          }
        }
      }
      case "Sequence" -> {
        for (JsonNode p : pp.path("processors")) {
          if (p instanceof ObjectNode obj) {
            remapPostProcessor(obj, newIdOf);
          }
        }
      }
      case "ByteLevel" -> {}
      default -> throw new UnsupportedOperationException("cannot remap post-processor " + type);
    }
  }

  private static int requireId(Map<String, Integer> newIdOf, String token) {
    Integer id = newIdOf.get(token);
    if (id == null) {
      throw new IllegalStateException("post-processor token '" + token + "' was pruned");
    }
    return id;
  }

  private ObjectNode model() {
    return (ObjectNode) root.get("model");
  }

  /** The pieces in id order (for tests and reports). */
  public List<String> piecesInIdOrder() {
    return new ArrayList<>(vocab().keySet());
  }
}

package dev.primer.vocab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.learn.weights.VocabMapping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerJsonTest {

  @TempDir Path tmp;

  @Test
  void readsTheFixture() {
    TokenizerJson t = TokenizerJson.parse(Fixtures.tinyTokenizerJson());
    assertEquals("WordPiece", t.modelType());
    assertEquals(93, t.vocab().size());
    assertEquals(93, t.size());
    assertEquals("[UNK]", t.unkToken());
    assertEquals(1, t.unkId());
    assertEquals(Set.copyOf(SpecialTokens.ALL), t.specialTokens());
    assertEquals(74, t.vocab().get("Lin"));
    assertEquals("[PAD]", t.piecesInIdOrder().get(0));
  }

  @Test
  void rejectsWhatIsNotATokenizer() {
    assertThrows(IllegalArgumentException.class, () -> TokenizerJson.parse("{\"a\": 1}"));
    assertThrows(IllegalArgumentException.class, () -> TokenizerJson.parse("{not json"));
  }

  @Test
  void pruneRenumbersDenselyAndRemapsThePostProcessor() throws Exception {
    TokenizerJson full =
        BertWordPieceJson.build(
            List.of("a", "[PAD]", "##b", "[UNK]", "[CLS]", "c", "[SEP]", "cc", "[MASK]"),
            BertNormalizerOptions.cased());
    BitSet keep = new BitSet();
    keep.set(7); // "cc"
    PrunedVocabulary pruned = full.prune(keep, false);
    VocabMapping m = pruned.mapping();
    assertArrayEquals(new int[] {1, 3, 4, 6, 7, 8}, m.oldIdsByNewId());
    assertEquals(
        Map.of("[PAD]", 0, "[UNK]", 1, "[CLS]", 2, "[SEP]", 3, "cc", 4, "[MASK]", 5),
        pruned.tokenizer().vocab());
    assertEquals(2, pruned.tokenizer().addedTokens().get("[CLS]"));
    assertEquals(1, pruned.tokenizer().unkId());

    Path file = tmp.resolve("pruned.json");
    Files.writeString(file, pruned.tokenizer().toJson());
    try (HfSubwordTokenizer t = HfSubwordTokenizer.load(file)) {
      assertArrayEquals(new int[] {2}, t.prefixIds());
      assertArrayEquals(new int[] {3}, t.suffixIds());
      assertEquals(
          List.of(List.of("cc"), List.of("[UNK]")), t.tokenizeToPieces(List.of("cc", "a")));
    }
  }

  @Test
  void keepingSingleCharactersAvoidsNewUnknowns() throws Exception {
    TokenizerJson full = TokenizerJson.parse(Fixtures.tinyTokenizerJson());
    List<String> corpus = List.of("lives", "in", "Berlin");
    List<String> heldOut = List.of("Lindström");
    BitSet used = usedIds(Fixtures.tinyTokenizer(), corpus);

    try (HfSubwordTokenizer withChars = load(full.prune(used, true).tokenizer());
        HfSubwordTokenizer without = load(full.prune(used, false).tokenizer())) {
      List<String> pieces = withChars.tokenizeToPieces(heldOut).get(0);
      assertFalse(pieces.contains("[UNK]"), pieces.toString());
      assertEquals("Lindström", String.join("", pieces).replace("##", ""));
      assertEquals(List.of("[UNK]"), without.tokenizeToPieces(heldOut).get(0));
      assertEquals(5 + 3, without.vocabSize());
    }
  }

  @Test
  void pruningTheFixtureKeepsTheCorpusTokenization() throws Exception {
    List<String> corpus =
        List.of("Lindström", "lives", "in", "Stockholm", "東京都", "U.S.", "Paris", "Qx", "worked");
    assertPruneRoundTrip(Fixtures.tinyTokenizer(), corpus);
  }

  @Test
  void pruningMbertOnPanxKeepsTheCorpusTokenization() throws Exception {
    Path mbert = Fixtures.mbertTokenizer();
    List<String> corpus =
        Fixtures.readPanx(Fixtures.panx("dev-de.tsv.gz"), "de", "dev", 2000).stream()
            .flatMap(s -> s.getTokens().stream())
            .distinct()
            .toList();
    VocabMapping mapping = assertPruneRoundTrip(mbert, corpus);
    assertTrue(mapping.size() < 119547, "pruned " + mapping.size());
  }

  /** Prunes {@code original} to the pieces of {@code corpus} and checks it tokenizes the same. */
  private VocabMapping assertPruneRoundTrip(Path original, List<String> corpus) throws Exception {
    TokenizerJson full = TokenizerJson.parse(Fixtures.read(original));
    BitSet used = usedIds(original, corpus);
    PrunedVocabulary pruned = full.prune(used, true);
    VocabMapping m = pruned.mapping();
    for (int i = 0; i < m.size(); i++) {
      assertEquals(i, m.newId(m.oldId(i)));
      assertTrue(i == 0 || m.oldId(i - 1) < m.oldId(i), "dense ids in old order");
      assertEquals(full.vocab().get(m.piece(i)), m.oldId(i));
      assertEquals(i, pruned.tokenizer().vocab().get(m.piece(i)));
    }
    try (HfSubwordTokenizer before = HfSubwordTokenizer.load(original);
        HfSubwordTokenizer after = load(pruned.tokenizer())) {
      assertEquals(m.size(), after.vocabSize());
      int[][] oldIds = before.tokenizeWords(corpus);
      int[][] newIds = after.tokenizeWords(corpus);
      assertEquals(before.tokenizeToPieces(corpus), after.tokenizeToPieces(corpus));
      for (int w = 0; w < corpus.size(); w++) {
        int[] mapped = new int[oldIds[w].length];
        for (int i = 0; i < mapped.length; i++) {
          mapped[i] = m.newId(oldIds[w][i]);
        }
        assertArrayEquals(mapped, newIds[w], corpus.get(w));
      }
      assertArrayEquals(mapIds(before.prefixIds(), m), after.prefixIds());
      assertArrayEquals(mapIds(before.suffixIds(), m), after.suffixIds());
    }
    return m;
  }

  private static int[] mapIds(int[] ids, VocabMapping m) {
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = m.newId(ids[i]);
    }
    return out;
  }

  private static BitSet usedIds(Path tokenizer, List<String> words) throws Exception {
    BitSet used = new BitSet();
    try (HfSubwordTokenizer t = HfSubwordTokenizer.load(tokenizer)) {
      for (int[] ids : t.tokenizeWords(words)) {
        for (int id : ids) {
          used.set(id);
        }
      }
    }
    return used;
  }

  private HfSubwordTokenizer load(TokenizerJson json) throws Exception {
    Path file = Files.createTempFile(tmp, "tok", ".json");
    Files.writeString(file, json.toJson());
    return HfSubwordTokenizer.load(file);
  }
}

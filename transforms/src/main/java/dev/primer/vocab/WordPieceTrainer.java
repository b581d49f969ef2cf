package dev.primer.vocab;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Learns a WordPiece vocabulary from word counts, in the manner of HuggingFace's trainer: words are
 * normalized and pre-tokenized like the tokenizer will do it, split into characters (the first
 * plain, the others {@code ##}-prefixed), and adjacent pieces are merged one pair at a time by the
 * chosen {@link MergeScore} until the vocabulary reaches the target size.
 *
 * <p>The vocabulary is: the five {@link SpecialTokens} (ids 0..4), every alphabet character as a
 * plain piece (code point order), the {@code ##}-prefixed form of every alphabet character seen
 * inside a word (code point order), then merged pieces in the order they were created. When the
 * alphabet alone exceeds the target size it is kept whole, as HuggingFace does. Words longer than
 * {@link BertWordPieceJson#MAX_INPUT_CHARS_PER_WORD} characters are ignored (the model maps them to
 * [UNK] anyway). The result does not depend on the iteration order of the input.
 *
 * <p>Kept rather than HuggingFace's trainer: DJL's tokenizers binding loads and runs tokenizers but
 * cannot train them, and the stage trains from word counts merged across Beam workers, with a
 * choice of {@link MergeScore}.
 */
public final class WordPieceTrainer {

  private static final String PREFIX = "##";

  private final WordPieceOptions options;

  /** A trainer with the given options. */
  public WordPieceTrainer(WordPieceOptions options) {
    this.options = options;
  }

  /** Trains on raw words (corpus tokens) and how often each occurs. */
  public TrainedVocabulary train(Map<String, Long> wordCounts) {
    TreeMap<String, Long> units = preTokenize(wordCounts);
    List<Integer> alphabet = alphabet(units);

    List<String> pieces = new ArrayList<>(SpecialTokens.ALL);
    Map<Integer, Integer> initialId = new HashMap<>();
    Map<Integer, Integer> continuationId = new HashMap<>();
    List<String> symbols = new ArrayList<>();
    for (int cp : alphabet) {
      initialId.put(cp, symbols.size());
      symbols.add(new String(Character.toChars(cp)));
    }
    TreeSet<Integer> continuation = new TreeSet<>();
    for (String unit : units.keySet()) {
      unit.codePoints().skip(1).filter(initialId::containsKey).forEach(continuation::add);
    }
    for (int cp : continuation) {
      continuationId.put(cp, symbols.size());
      symbols.add(PREFIX + new String(Character.toChars(cp)));
    }
    pieces.addAll(symbols);
    int alphabetSize = symbols.size();

    int[][] words = new int[units.size()][];
    long[] freq = new long[units.size()];
    int w = 0;
    for (Map.Entry<String, Long> e : units.entrySet()) {
      int[] cps = e.getKey().codePoints().toArray();
      int[] ids = new int[cps.length];
      for (int i = 0; i < cps.length; i++) {
        Integer id = i == 0 ? initialId.get(cps[i]) : continuationId.get(cps[i]);
        ids[i] = id == null ? -1 : id;
      }
      words[w] = ids;
      freq[w] = e.getValue();
      w++;
    }

    List<String> merges = new ArrayList<>();
    int wanted = options.vocabSize() - pieces.size();
    if (wanted > 0) {
      WordPieceMerger merger =
          new WordPieceMerger(
              symbols, words, freq, options.score(), options.minFrequency(), PREFIX);
      for (WordPieceMerger.Merge m : merger.run(wanted)) {
        merges.add(m.left() + " " + m.right());
        if (m.newSymbol()) {
          pieces.add(m.merged());
        }
      }
    }
    return new TrainedVocabulary(
        List.copyOf(pieces), List.copyOf(merges), alphabetSize, units.size(), options.normalizer());
  }

  /** Normalizes and pre-tokenizes every word, summing the counts of equal units. */
  TreeMap<String, Long> preTokenize(Map<String, Long> wordCounts) {
    BertNormalizer normalizer = new BertNormalizer(options.normalizer());
    TreeMap<String, Long> units = new TreeMap<>();
    wordCounts.forEach(
        (word, count) -> {
          if (count == null || count <= 0) {
            return;
          }
          for (String unit : BertPreTokenizer.split(normalizer.normalize(word))) {
            if (unit.codePointCount(0, unit.length())
                <= BertWordPieceJson.MAX_INPUT_CHARS_PER_WORD) {
              units.merge(unit, count, Long::sum);
            }
          }
        });
    return units;
  }

  /** The alphabet in code point order, limited to the most frequent characters when asked. */
  List<Integer> alphabet(Map<String, Long> units) {
    Map<Integer, Long> charCounts = new LinkedHashMap<>();
    units.forEach(
        (unit, count) -> unit.codePoints().forEach(cp -> charCounts.merge(cp, count, Long::sum)));
    List<Integer> chars = new ArrayList<>(charCounts.keySet());
    if (options.limitAlphabet() > 0 && chars.size() > options.limitAlphabet()) {
      chars.sort(
          Comparator.comparing((Integer cp) -> -charCounts.get(cp))
              .thenComparing(Comparator.naturalOrder()));
      chars = new ArrayList<>(chars.subList(0, options.limitAlphabet()));
    }
    chars.sort(Comparator.naturalOrder());
    return chars;
  }
}

package dev.primer.encode;

import dev.primer.corpus.IobTags;
import dev.primer.schemas.EncodedSentence;
import dev.primer.schemas.Sentence;
import dev.primer.vocab.SubwordTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a staged {@link Sentence} into model input, with no Beam types so that a plain loop can use
 * it too: tokenizes the words (pre-tokenized, word boundaries kept), labels each word's first
 * subword and puts -100 on continuation subwords and special tokens, and splits sentences longer
 * than the maximum length into windows on word boundaries, each with its own special tokens.
 *
 * <p>No label is lost: every word lands in exactly one window. A word with more pieces than a
 * window holds keeps its first pieces (its labelled first subword survives); a word that tokenizes
 * to nothing (only control or zero-width characters) becomes [UNK]. Both are counted. A sentence
 * that cannot be encoded yields a failure with one of the reason codes below.
 *
 * <p>Thread-safe when the tokenizer is.
 */
public final class SentenceEncoder {

  /** Label id ignored by the loss: continuation subwords and special tokens. */
  public static final int IGNORED_LABEL = -100;

  /** Word id of special tokens. */
  public static final int SPECIAL_WORD = -1;

  /** The sentence has no words. */
  public static final String EMPTY_SENTENCE = "EMPTY_SENTENCE";

  /** The sentence has a different number of tags than words. */
  public static final String TAG_COUNT_MISMATCH = "TAG_COUNT_MISMATCH";

  /** A valid IOB2 tag whose type is not in the label space. */
  public static final String UNKNOWN_TAG = "UNKNOWN_TAG";

  /** A tag that is not IOB2 (O, B-TYPE, I-TYPE). */
  public static final String INVALID_TAG = "INVALID_TAG";

  /** The tokenizer failed on the sentence. */
  public static final String TOKENIZER_ERROR = "TOKENIZER_ERROR";

  /** A word tokenized to nothing and the vocabulary has no [UNK] to stand for it. */
  public static final String EMPTY_WORD_NO_UNK = "EMPTY_WORD_NO_UNK";

  private final SubwordTokenizer tokenizer;
  private final LabelVocabulary labels;
  private final EncodeOptions options;
  private final int[] prefix;
  private final int[] suffix;
  private final int budget;

  /**
   * An encoder.
   *
   * @throws IllegalArgumentException when the maximum length leaves no room for a word piece
   */
  public SentenceEncoder(
      SubwordTokenizer tokenizer, LabelVocabulary labels, EncodeOptions options) {
    this.tokenizer = tokenizer;
    this.labels = labels;
    this.options = options;
    this.prefix = tokenizer.prefixIds();
    this.suffix = tokenizer.suffixIds();
    this.budget = options.maxLength() - prefix.length - suffix.length;
    if (budget < 1) {
      throw new IllegalArgumentException(
          "maxLength " + options.maxLength() + " leaves no room beside the special tokens");
    }
  }

  /** The tokenizer this encoder uses. */
  public SubwordTokenizer tokenizer() {
    return tokenizer;
  }

  /** The label space this encoder uses. */
  public LabelVocabulary labels() {
    return labels;
  }

  /** Encodes one sentence. Never throws for bad input: returns a failure instead. */
  public EncodeOutcome encode(Sentence sentence) {
    List<String> tokens = sentence.getTokens();
    List<String> tags = sentence.getTags();
    if (tokens.isEmpty()) {
      return EncodeOutcome.failure(EMPTY_SENTENCE, "sentence has no tokens");
    }
    if (tokens.size() != tags.size()) {
      return EncodeOutcome.failure(
          TAG_COUNT_MISMATCH, tokens.size() + " tokens but " + tags.size() + " tags");
    }
    EncodeCounts counts = new EncodeCounts();
    int[] labelIds = new int[tokens.size()];
    for (int w = 0; w < tags.size(); w++) {
      String tag = tags.get(w);
      int id = labels.id(tag);
      if (id < 0) {
        boolean valid = IobTags.isStagedTag(tag);
        if (options.unknownTags() == UnknownTagPolicy.DEAD_LETTER) {
          return EncodeOutcome.failure(
              valid ? UNKNOWN_TAG : INVALID_TAG,
              "tag '"
                  + tag
                  + "' of word "
                  + w
                  + (valid ? " is not in " + labels.labels() : " is not IOB2"));
        }
        id = labels.id(IobTags.OUTSIDE);
        counts.mappedTags++;
      }
      labelIds[w] = id;
    }

    int[][] pieces;
    try {
      pieces = tokenizer.tokenizeWords(tokens);
    } catch (RuntimeException e) {
      return EncodeOutcome.failure(TOKENIZER_ERROR, String.valueOf(e));
    }
    int unk = tokenizer.unkId();
    int[] lengths = new int[pieces.length];
    for (int w = 0; w < pieces.length; w++) {
      int[] p = pieces[w];
      if (p.length == 0) {
        if (unk < 0) {
          return EncodeOutcome.failure(
              EMPTY_WORD_NO_UNK, "word " + w + " '" + tokens.get(w) + "' has no pieces");
        }
        p = new int[] {unk};
        counts.emptyWords++;
      }
      if (p.length > budget) {
        counts.truncatedWords++;
        counts.droppedPieces += p.length - budget;
        p = Arrays.copyOf(p, budget);
      }
      for (int id : p) {
        if (id == unk) {
          counts.unkPieces++;
        }
      }
      pieces[w] = p;
      lengths[w] = p.length;
      counts.subwords += p.length;
    }

    List<int[]> windows = WordWindows.split(lengths, budget);
    List<EncodedSentence> out = new ArrayList<>(windows.size());
    for (int k = 0; k < windows.size(); k++) {
      int start = windows.get(k)[0];
      int n = windows.get(k)[1];
      EncodedSentence e = window(sentence, k, windows.size(), start, n, pieces, labelIds);
      counts.tokens += e.getLength();
      out.add(e);
    }
    counts.sentences = 1;
    counts.windows = windows.size();
    counts.words = tokens.size();
    return EncodeOutcome.success(out, counts);
  }

  private EncodedSentence window(
      Sentence s, int k, int windows, int start, int n, int[][] pieces, int[] labelIds) {
    int size = prefix.length + suffix.length;
    for (int w = start; w < start + n; w++) {
      size += pieces[w].length;
    }
    List<Integer> inputIds = new ArrayList<>(size);
    List<Integer> labelList = new ArrayList<>(size);
    List<Integer> wordIds = new ArrayList<>(size);
    for (int id : prefix) {
      inputIds.add(id);
      labelList.add(IGNORED_LABEL);
      wordIds.add(SPECIAL_WORD);
    }
    for (int w = start; w < start + n; w++) {
      int[] p = pieces[w];
      for (int i = 0; i < p.length; i++) {
        inputIds.add(p[i]);
        labelList.add(i == 0 ? labelIds[w] : IGNORED_LABEL);
        wordIds.add(w - start);
      }
    }
    for (int id : suffix) {
      inputIds.add(id);
      labelList.add(IGNORED_LABEL);
      wordIds.add(SPECIAL_WORD);
    }
    return EncodedSentence.newBuilder()
        .setId(s.getId() + "#" + k)
        .setSentenceId(s.getId())
        .setLang(s.getLang())
        .setSplit(s.getSplit())
        .setWindow(k)
        .setWindows(windows)
        .setWordStart(start)
        .setNumWords(n)
        .setInputIds(inputIds)
        .setLabelIds(labelList)
        .setWordIds(wordIds)
        .setLength(inputIds.size())
        .build();
  }
}

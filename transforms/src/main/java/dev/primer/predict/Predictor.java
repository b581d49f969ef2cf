package dev.primer.predict;

import dev.primer.encode.EncodeOptions;
import dev.primer.encode.EncodeOutcome;
import dev.primer.encode.LabelVocabulary;
import dev.primer.encode.SentenceEncoder;
import dev.primer.evaluate.ModelCache;
import dev.primer.schemas.EncodedSentence;
import dev.primer.schemas.Sentence;
import dev.primer.schemas.SourcePosition;
import dev.primer.seqeval.EntitySpan;
import dev.primer.seqeval.IobChunker;
import dev.primer.vocab.SubwordTokenizer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tags lines: segments each into words ({@link WordSegmenter}), routes it to the adapter of its
 * language (or the fallback adapter's language when it has none), encodes it into windows of at
 * most {@code maxLength} subwords (a longer line is cut into several windows, each word whole),
 * tags every adapter's windows in length-bucketed batches ({@link Tagger}), joins a line's windows
 * back, makes the tags valid IOB2 ({@link #toIob2}) and decodes the entity spans with character
 * offsets into the original line. A line that cannot be tagged gets a dead-letter reason: {@value
 * #EMPTY_LINE}, {@value #UNKNOWN_LANGUAGE}, or an encoder reason (e.g. a word the vocabulary cannot
 * represent).
 */
public final class Predictor {

  /** A line without any word. */
  public static final String EMPTY_LINE = "EMPTY_LINE";

  /** A language without an adapter, and no fallback configured. */
  public static final String UNKNOWN_LANGUAGE = "UNKNOWN_LANGUAGE";

  private final Map<String, Adapter> adapters;
  private final String fallbackLang;
  private final SentenceEncoder encoder;
  private final int batchSize;
  private final int padId;

  /**
   * A predictor.
   *
   * @param adapters adapter per language
   * @param fallbackLang language whose adapter tags other languages, or null for none
   * @param tokenizer the subword tokenizer the checkpoints were trained with
   * @param maxLength maximum subwords per window
   * @param batchSize windows per forward pass
   * @param padId padding id
   */
  public Predictor(
      Map<String, Adapter> adapters,
      String fallbackLang,
      SubwordTokenizer tokenizer,
      int maxLength,
      int batchSize,
      int padId) {
    if (fallbackLang != null && !adapters.containsKey(fallbackLang)) {
      throw new IllegalArgumentException(
          "fallback language "
              + fallbackLang
              + " has no adapter (adapters: "
              + adapters.keySet()
              + ")");
    }
    this.adapters = Map.copyOf(adapters);
    this.fallbackLang = fallbackLang;
    this.encoder =
        new SentenceEncoder(
            tokenizer, LabelVocabulary.ofTypes(), EncodeOptions.maxLength(maxLength));
    this.batchSize = batchSize;
    this.padId = padId;
  }

  /** Tags {@code lines}; one result per line, in input order. */
  public List<LinePrediction> predict(List<InputLine> lines) throws IOException {
    LinePrediction[] out = new LinePrediction[lines.size()];
    Map<String, List<Integer>> byAdapter = new LinkedHashMap<>();
    List<List<WordSegmenter.Word>> words = new ArrayList<>(Collections.nCopies(lines.size(), null));
    List<List<EncodedSentence>> windows = new ArrayList<>(Collections.nCopies(lines.size(), null));
    for (int i = 0; i < lines.size(); i++) {
      InputLine line = lines.get(i);
      List<WordSegmenter.Word> w = line.words();
      if (w.isEmpty()) {
        out[i] = LinePrediction.failed(line, EMPTY_LINE, "the line holds no word");
        continue;
      }
      String adapter = adapters.containsKey(line.lang()) ? line.lang() : fallbackLang;
      if (adapter == null) {
        out[i] =
            LinePrediction.failed(
                line,
                UNKNOWN_LANGUAGE,
                "no adapter for language '"
                    + line.lang()
                    + "' (adapters: "
                    + String.join(", ", adapters.keySet().stream().sorted().toList())
                    + ") and no fallback adapter");
        continue;
      }
      EncodeOutcome encoded = encoder.encode(sentence(line, w));
      if (!encoded.ok()) {
        out[i] = LinePrediction.failed(line, encoded.reason(), encoded.detail());
        continue;
      }
      words.set(i, w);
      windows.set(i, encoded.windows());
      byAdapter.computeIfAbsent(adapter, k -> new ArrayList<>()).add(i);
    }
    for (Map.Entry<String, List<Integer>> e : byAdapter.entrySet()) {
      Adapter adapter = adapters.get(e.getKey());
      List<EncodedSentence> all = new ArrayList<>();
      for (int i : e.getValue()) {
        all.addAll(windows.get(i));
      }
      ModelCache.use(
          adapter.base(),
          adapter.peft(),
          loaded -> {
            List<Tagger.WindowTags> tagged = Tagger.tag(loaded.model(), all, batchSize, padId);
            int at = 0;
            for (int i : e.getValue()) {
              int n = windows.get(i).size();
              out[i] =
                  decode(
                      lines.get(i),
                      e.getKey(),
                      words.get(i),
                      windows.get(i),
                      tagged.subList(at, at + n),
                      loaded.labels());
              at += n;
            }
            return null;
          });
    }
    return List.of(out);
  }

  private static Sentence sentence(InputLine line, List<WordSegmenter.Word> words) {
    List<String> tokens = words.stream().map(WordSegmenter.Word::text).toList();
    return Sentence.newBuilder()
        .setId(line.id())
        .setLang(line.lang())
        .setCorpus("predict")
        .setSplit("predict")
        .setTokens(tokens)
        .setTags(Collections.nCopies(tokens.size(), "O"))
        .setPosition(
            SourcePosition.newBuilder()
                .setSource(line.source())
                .setLine(line.line())
                .setByteOffset(line.byteOffset())
                .setOrdinal(line.line())
                .build())
        .setCopies(1)
        .setRepairs(List.of())
        .build();
  }

  /** Joins a line's windows (in window order) and decodes its entities. */
  static LinePrediction decode(
      InputLine line,
      String adapterLang,
      List<WordSegmenter.Word> words,
      List<EncodedSentence> windows,
      List<Tagger.WindowTags> tagged,
      List<String> labels) {
    String[] tags = new String[words.size()];
    double[] confidence = new double[words.size()];
    for (int k = 0; k < windows.size(); k++) {
      EncodedSentence w = windows.get(k);
      Tagger.WindowTags t = tagged.get(k);
      for (int j = 0; j < t.tags().length; j++) {
        tags[w.getWordStart() + j] = labels.get(t.tags()[j]);
        confidence[w.getWordStart() + j] = t.confidence()[j];
      }
    }
    toIob2(tags);
    List<String> tagList = List.of(tags);
    return new LinePrediction(
        line,
        adapterLang,
        List.copyOf(words),
        tagList,
        entities(line.text(), words, tagList, confidence),
        windows.size(),
        null,
        null);
  }

  /**
   * Makes predicted tags valid IOB2 in place, reading them as seqeval's default (IOB2, non-strict)
   * mode and conlleval do: an {@code I-X} at the start, after {@code O} or after a tag of another
   * type starts a new entity, so it becomes {@code B-X}. The entity spans ({@link
   * IobChunker#chunks}) are the same before and after; the tags then agree with them.
   *
   * @return the number of tags changed
   */
  public static int toIob2(String[] tags) {
    int changed = 0;
    String previousType = null;
    for (int i = 0; i < tags.length; i++) {
      String tag = tags[i];
      String type = tag.length() > 2 && tag.charAt(1) == '-' ? tag.substring(2) : null;
      if (type != null && tag.charAt(0) == 'I' && !type.equals(previousType)) {
        tags[i] = "B-" + type;
        changed++;
      }
      previousType = type == null || tag.charAt(0) == 'O' ? null : type;
    }
    return changed;
  }

  /** Entity spans of tagged words, with code-point offsets into {@code text}. */
  public static List<PredictedEntity> entities(
      String text, List<WordSegmenter.Word> words, List<String> tags, double[] confidence) {
    List<PredictedEntity> out = new ArrayList<>();
    for (EntitySpan span : IobChunker.chunks(tags)) {
      int startChar = words.get(span.start()).start();
      int endChar = words.get(span.end()).end();
      double sum = 0;
      for (int i = span.start(); i <= span.end(); i++) {
        sum += confidence[i];
      }
      out.add(
          new PredictedEntity(
              span.type(),
              text.substring(startChar, endChar),
              WordSegmenter.codePointOffset(text, startChar),
              WordSegmenter.codePointOffset(text, endChar),
              span.start(),
              span.end(),
              sum / (span.end() - span.start() + 1)));
    }
    return out;
  }
}

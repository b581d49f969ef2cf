package dev.primer.learn;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.primer.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Fill-mask inference: tokenizes a text holding one or more mask tokens ({@code [MASK]} for BERT
 * vocabularies, {@code <mask>} for XLM-R) with a HuggingFace {@code tokenizer.json}, scores it with
 * a {@link MaskedLmScorer}, and returns the most probable pieces per mask with their softmax
 * probabilities. The proof of a correct weight import: mBERT completes {@code "Paris is the [MASK]
 * of France."} with {@code capital}.
 */
public final class FillMask implements AutoCloseable {

  /**
   * One candidate for a mask.
   *
   * @param tokenId vocabulary id
   * @param piece the vocabulary piece (e.g. {@code capital}, {@code ##s})
   * @param probability softmax probability over the whole vocabulary
   */
  public record Prediction(long tokenId, String piece, double probability) {}

  private static final ObjectMapper JSON = Json.mapper();

  private final HuggingFaceTokenizer tokenizer;
  private final String[] pieces;
  private final String maskToken;
  private final long maskId;
  private final MaskedLmScorer model;

  private FillMask(byte[] tokenizerJson, String source, MaskedLmScorer model) throws IOException {
    this.pieces = vocabulary(tokenizerJson, source);
    String mask = null;
    long id = -1;
    for (String candidate : new String[] {"[MASK]", "<mask>"}) {
      for (int i = 0; i < pieces.length && mask == null; i++) {
        if (candidate.equals(pieces[i])) {
          mask = candidate;
          id = i;
        }
      }
    }
    if (mask == null) {
      throw new IllegalArgumentException(source + ": the vocabulary has no [MASK] or <mask> token");
    }
    this.maskToken = mask;
    this.maskId = id;
    this.model = model;
    try (InputStream in = new ByteArrayInputStream(tokenizerJson)) {
      this.tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of());
    }
  }

  /** Loads {@code tokenizer.json} and pairs it with {@code model}. */
  public static FillMask create(Path tokenizerJson, MaskedLmScorer model) throws IOException {
    return new FillMask(Files.readAllBytes(tokenizerJson), tokenizerJson.toString(), model);
  }

  /** As {@link #create(Path, MaskedLmScorer)} from a stream holding {@code tokenizer.json}. */
  public static FillMask create(InputStream tokenizerJson, String source, MaskedLmScorer model)
      throws IOException {
    return new FillMask(tokenizerJson.readAllBytes(), source, model);
  }

  /** The mask token the text must contain. */
  public String maskToken() {
    return maskToken;
  }

  /**
   * Returns the {@code topK} most probable pieces for each mask token of {@code text}, in text
   * order, each list sorted by decreasing probability.
   */
  public List<List<Prediction>> predict(String text, int topK) {
    if (topK < 1) {
      throw new IllegalArgumentException("topK must be at least 1, got " + topK);
    }
    Encoding encoding = tokenizer.encode(text);
    long[] ids = encoding.getIds();
    long[] types = encoding.getTypeIds();
    List<Integer> maskPositions = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == maskId) {
        maskPositions.add(i);
      }
    }
    if (maskPositions.isEmpty()) {
      throw new IllegalArgumentException("The text holds no " + maskToken + " token: " + text);
    }
    int[] positions = maskPositions.stream().mapToInt(Integer::intValue).toArray();
    float[][] logits = model.logitsAt(ids, types, positions);
    List<List<Prediction>> out = new ArrayList<>();
    for (float[] row : logits) {
      if (row.length != pieces.length) {
        throw new IllegalStateException(
            "The model scores " + row.length + " pieces but the vocabulary has " + pieces.length);
      }
      out.add(top(row, topK));
    }
    return out;
  }

  /** One line per mask: {@code capital 0.4123 | city 0.1021 | ...}. */
  public static String format(List<List<Prediction>> predictions) {
    StringBuilder sb = new StringBuilder();
    for (List<Prediction> mask : predictions) {
      for (int i = 0; i < mask.size(); i++) {
        Prediction p = mask.get(i);
        sb.append(i == 0 ? "" : " | ")
            .append(p.piece())
            .append(' ')
            .append(String.format(Locale.ROOT, "%.4f", p.probability()));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private List<Prediction> top(float[] logits, int k) {
    double max = Double.NEGATIVE_INFINITY;
    for (float v : logits) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (float v : logits) {
      sum += Math.exp(v - max);
    }
    // Worst candidate first; on equal logits the higher id is worse (ties keep the lower id).
    PriorityQueue<Integer> best =
        new PriorityQueue<>(
            (a, b) -> {
              int c = Float.compare(logits[a], logits[b]);
              return c != 0 ? c : Integer.compare(b, a);
            });
    for (int i = 0; i < logits.length; i++) {
      if (best.size() < k) {
        best.add(i);
      } else if (logits[i] > logits[best.peek()]) {
        best.poll();
        best.add(i);
      }
    }
    List<Prediction> out = new ArrayList<>();
    while (!best.isEmpty()) {
      int i = best.poll();
      out.add(0, new Prediction(i, pieces[i], Math.exp(logits[i] - max) / sum));
    }
    return out;
  }

  /** Pieces by id from {@code model.vocab}: a map (WordPiece, BPE) or a list (Unigram). */
  private static String[] vocabulary(byte[] tokenizerJson, String source) throws IOException {
    JsonNode vocab = JSON.readTree(tokenizerJson).path("model").path("vocab");
    if (vocab.isArray() && vocab.size() > 0) {
      String[] pieces = new String[vocab.size()];
      for (int i = 0; i < pieces.length; i++) {
        pieces[i] = vocab.get(i).isArray() ? vocab.get(i).get(0).asText() : vocab.get(i).asText();
      }
      return pieces;
    }
    if (!vocab.isObject() || vocab.size() == 0) {
      throw new IllegalArgumentException(source + ": no model.vocab in tokenizer.json");
    }
    String[] pieces = new String[vocab.size()];
    Iterator<Map.Entry<String, JsonNode>> it = vocab.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      int id = e.getValue().asInt(-1);
      if (id < 0 || id >= pieces.length || pieces[id] != null) {
        throw new IllegalArgumentException(
            source
                + ": vocabulary ids are not 0.."
                + (pieces.length - 1)
                + " ("
                + e.getKey()
                + ")");
      }
      pieces[id] = e.getKey();
    }
    return pieces;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}

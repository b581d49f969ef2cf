package dev.primer.vocab;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A {@link SubwordTokenizer} backed by DJL's HuggingFace tokenizer (the Rust library), loaded from
 * a local tokenizer.json with truncation and padding off. Words are passed pre-tokenized, so each
 * word's pieces come back with its index; the special tokens are read from the file's
 * post-processor by encoding a one-word input. Thread-safe: encoding only reads the native
 * tokenizer.
 */
public final class HfSubwordTokenizer implements SubwordTokenizer, AutoCloseable {

  private static final Map<String, String> OPTIONS =
      Map.of(
          "addSpecialTokens", "false",
          "truncation", "false",
          "padding", "false",
          "withOverflowingTokens", "false");

  private final HuggingFaceTokenizer tokenizer;
  private final int[] prefix;
  private final int[] suffix;
  private final int unkId;
  private final String[] pieces;

  private HfSubwordTokenizer(HuggingFaceTokenizer tokenizer, TokenizerJson json) {
    this.tokenizer = tokenizer;
    this.unkId = json.unkId();
    int max = -1;
    for (int id : json.vocab().values()) {
      max = Math.max(max, id);
    }
    for (int id : json.addedTokens().values()) {
      max = Math.max(max, id);
    }
    this.pieces = new String[max + 1];
    json.vocab().forEach((piece, id) -> pieces[id] = piece);
    json.addedTokens().forEach((piece, id) -> pieces[id] = piece);

    Encoding probe = tokenizer.encode(new String[] {"a"}, true, false);
    long[] ids = probe.getIds();
    long[] wordIds = probe.getWordIds();
    List<Integer> before = new ArrayList<>();
    List<Integer> after = new ArrayList<>();
    boolean seenWord = false;
    for (int i = 0; i < ids.length; i++) {
      if (wordIds[i] >= 0) {
        seenWord = true;
      } else if (seenWord) {
        after.add((int) ids[i]);
      } else {
        before.add((int) ids[i]);
      }
    }
    this.prefix = before.stream().mapToInt(Integer::intValue).toArray();
    this.suffix = after.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Loads a local tokenizer.json file. */
  public static HfSubwordTokenizer load(Path file) throws IOException {
    String json = Files.readString(file, StandardCharsets.UTF_8);
    TokenizerJson parsed = TokenizerJson.parse(json);
    HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(file, OPTIONS);
    try {
      return new HfSubwordTokenizer(hf, parsed);
    } catch (RuntimeException e) {
      hf.close();
      throw e;
    }
  }

  @Override
  public int[][] tokenizeWords(List<String> words) {
    int[][] out = new int[words.size()][];
    if (words.isEmpty()) {
      return out;
    }
    Encoding e = tokenizer.encode(words.toArray(new String[0]), false, false);
    long[] ids = e.getIds();
    long[] wordIds = e.getWordIds();
    int[] counts = new int[words.size()];
    for (long w : wordIds) {
      if (w < 0 || w >= words.size()) {
        throw new IllegalStateException("tokenizer returned word id " + w + " for " + words.size());
      }
      counts[(int) w]++;
    }
    for (int w = 0; w < out.length; w++) {
      out[w] = new int[counts[w]];
    }
    int[] filled = new int[words.size()];
    for (int i = 0; i < ids.length; i++) {
      int w = (int) wordIds[i];
      out[w][filled[w]++] = (int) ids[i];
    }
    return out;
  }

  @Override
  public int[] prefixIds() {
    return prefix.clone();
  }

  @Override
  public int[] suffixIds() {
    return suffix.clone();
  }

  @Override
  public int unkId() {
    return unkId;
  }

  @Override
  public int vocabSize() {
    return pieces.length;
  }

  @Override
  public String piece(int id) {
    return id >= 0 && id < pieces.length ? pieces[id] : null;
  }

  /** The pieces of each word as strings (for tests and reports). */
  public List<List<String>> tokenizeToPieces(List<String> words) {
    List<List<String>> out = new ArrayList<>();
    for (int[] ids : tokenizeWords(words)) {
      out.add(Arrays.stream(ids).mapToObj(this::piece).toList());
    }
    return out;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}

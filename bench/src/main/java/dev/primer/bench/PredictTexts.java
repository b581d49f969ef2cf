package dev.primer.bench;

import dev.primer.predict.InputLine;
import dev.primer.vocab.BertNormalizerOptions;
import dev.primer.vocab.BertWordPieceJson;
import dev.primer.vocab.SpecialTokens;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * {@link PredictBenchmark}'s input lines, what they are ({@code panx-dev:LANGS} or {@code
 * generated}), and for generated text the WordPiece pieces that cover it.
 *
 * @param name what the text is, as the table's text column shows it
 * @param lines the raw lines, in order
 * @param pieces the tokenizer's pieces for generated text; null for PAN-X text
 */
record PredictTexts(String name, List<InputLine> lines, List<String> pieces) {

  /**
   * The first sentences of each language's PAN-X dev file, tokens joined by spaces; null when the
   * folder or a language's file is missing.
   */
  static PredictTexts panx(Path dir, List<String> langs, int lines) {
    List<InputLine> out = new ArrayList<>();
    for (int k = 0; k < langs.size(); k++) {
      String lang = langs.get(k);
      Path file = dir.resolve("dev-" + lang + ".tsv.gz");
      if (!Files.isRegularFile(file)) {
        return null;
      }
      int want = lines / langs.size() + (k < lines % langs.size() ? 1 : 0);
      try (BufferedReader in =
          new BufferedReader(
              new InputStreamReader(
                  new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
        List<String> tokens = new ArrayList<>();
        int n = 0;
        for (String line = in.readLine(); n < want; line = in.readLine()) {
          if (line == null || line.isBlank()) {
            if (!tokens.isEmpty()) {
              out.add(new InputLine(file.toString(), ++n, lang, String.join(" ", tokens)));
              tokens.clear();
            }
            if (line == null) {
              break;
            }
            continue;
          }
          int tab = line.indexOf('\t');
          tokens.add(tab < 0 ? line : line.substring(0, tab));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(file.toString(), e);
      }
    }
    return new PredictTexts("panx-dev:" + String.join(",", langs), out, null);
  }

  /** Reproducible pseudo-sentences from a syllable vocabulary. */
  static PredictTexts generated(int lines) {
    String[] syllables = new String[400];
    Random random = new Random(11);
    String consonants = "bcdfghjklmnprstvwz";
    String vowels = "aeiou";
    Set<String> unique = new LinkedHashSet<>();
    while (unique.size() < syllables.length) {
      unique.add(
          ""
              + consonants.charAt(random.nextInt(consonants.length()))
              + vowels.charAt(random.nextInt(vowels.length()))
              + (random.nextBoolean() ? "" : consonants.charAt(random.nextInt(18))));
    }
    unique.toArray(syllables);
    String[] words = new String[3000];
    for (int i = 0; i < words.length; i++) {
      StringBuilder w = new StringBuilder();
      int n = 1 + random.nextInt(3);
      for (int s = 0; s < n; s++) {
        w.append(syllables[(int) Math.min(syllables.length - 1, zipf(random, syllables.length))]);
      }
      words[i] = i % 5 == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w.toString();
    }
    List<InputLine> out = new ArrayList<>();
    for (int l = 0; l < lines; l++) {
      int n = 4 + random.nextInt(37);
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          s.append(random.nextInt(12) == 0 ? ", " : " ");
        }
        s.append(words[(int) Math.min(words.length - 1, zipf(random, words.length))]);
      }
      out.add(new InputLine("generated", l + 1, "xx", s.append('.').toString()));
    }
    List<String> pieces = new ArrayList<>(SpecialTokens.ALL);
    for (String p : ".,".split("")) {
      pieces.add(p);
    }
    for (char c = 'a'; c <= 'z'; c++) {
      pieces.add(String.valueOf(c));
      pieces.add(String.valueOf(Character.toUpperCase(c)));
      pieces.add("##" + c);
    }
    for (String syl : syllables) {
      String upper = Character.toUpperCase(syl.charAt(0)) + syl.substring(1);
      for (String p : List.of(syl, upper, "##" + syl)) {
        if (!pieces.contains(p)) {
          pieces.add(p);
        }
      }
    }
    return new PredictTexts("generated", out, pieces);
  }

  private static long zipf(Random random, int n) {
    // Inverse transform of a continuous 1/x law on [1, n]: frequent words, long tail.
    return (long) Math.floor(Math.pow(n, random.nextDouble())) - 1;
  }

  String tokenizerJson() {
    return BertWordPieceJson.build(pieces, BertNormalizerOptions.cased()).toJson();
  }
}

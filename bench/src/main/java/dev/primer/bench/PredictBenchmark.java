package dev.primer.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import dev.primer.encode.LabelVocabulary;
import dev.primer.learn.CheckpointLoader;
import dev.primer.learn.CheckpointSaver;
import dev.primer.learn.LoadOptions;
import dev.primer.learn.checkpoint.CheckpointKind;
import dev.primer.learn.checkpoint.CheckpointManifest;
import dev.primer.learn.checkpoint.LocalCheckpointStore;
import dev.primer.learn.model.EncoderConfig;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.peft.PeftMethod;
import dev.primer.learn.train.Determinism;
import dev.primer.predict.Adapter;
import dev.primer.predict.InputLine;
import dev.primer.predict.LinePrediction;
import dev.primer.predict.Predictor;
import dev.primer.predict.WordSegmenter;
import dev.primer.vocab.HfSubwordTokenizer;
import dev.primer.vocab.SpecialTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Throughput of {@code predict}'s core on one JVM: raw text lines go through {@link Predictor}
 * exactly as {@code PredictFn} hands them over (lines grouped by language, {@code --lines-per-call}
 * at a time): word segmentation, routing to the adapter, encoding into windows of at most {@code
 * --max-length} subwords, length-bucketed batched tagging without gradients ({@code --batch}
 * windows per forward pass), decoding of the entity spans. The model is a randomly initialised base
 * of the preset plus a Houlsby adapter with a 7-label classifier (PER/ORG/LOC), saved as
 * checkpoints in a temporary directory and loaded through {@code ModelCache} as {@code predict}
 * loads them (the load is timed apart). The thread count is libtorch's ({@code
 * -Dai.djl.pytorch.num_threads=N}).
 *
 * <p>Text: PAN-X dev sentences ({@code --panx DIR}, default {@code ../shared/data/ner/panx}; the
 * tokens of each sentence joined by spaces into a raw line, the first {@code --lines / #langs}
 * sentences of each of {@code --langs}) with the mBERT tokenizer ({@code --tokenizer FILE}, default
 * {@code ../shared/models/mbert-base-cased/tokenizer.json}). When these are absent: generated
 * sentences of 4 to 40 pseudo-words with punctuation, and a WordPiece tokenizer of their syllables.
 *
 * <p>The text is {@link PredictTexts}. Options: {@code --presets tiny,small} {@code --lines 2000}
 * {@code --passes 3} (timed passes over all lines, after one warm-up pass; the median pass counts)
 * {@code --batch 32} {@code --max-length 128} {@code --lines-per-call 256} {@code --langs
 * en,de,es,ru,ar,zh} {@code --json} (one JSON line per preset, used by {@code bench/inference.sh}).
 */
public final class PredictBenchmark {

  static final List<String> LABELS = LabelVocabulary.ofTypes("PER", "ORG", "LOC").labels();

  private PredictBenchmark() {}

  /** One measured preset. */
  record Row(
      String preset,
      String text,
      String tokenizer,
      int batch,
      int maxLength,
      int lines,
      long words,
      long subwords,
      long windows,
      double loadS,
      double medianS,
      double cpuS,
      double peakRssMib) {

    double sentencesPerSecond() {
      return lines / medianS;
    }

    String toJson() {
      return String.format(
          Locale.ROOT,
          "{\"impl\": \"%s\", \"preset\": \"%s\", \"method\": \"houlsby\","
              + " \"threads\": %d, \"text\": \"%s\", \"tokenizer\": \"%s\", \"batch\": %d,"
              + " \"max_length\": %d, \"lines\": %d,"
              + " \"words\": %d, \"subwords\": %d, \"windows\": %d, \"load_s\": %.3f,"
              + " \"median_s\": %.4f, \"sentences_per_s\": %.1f, \"words_per_s\": %.1f,"
              + " \"subwords_per_s\": %.1f, \"cpu_ms_per_sentence\": %.4f,"
              + " \"peak_rss_mib\": %.1f}",
          BenchSetup.impl(),
          preset,
          JniUtils.getNumThreads(),
          text,
          tokenizer,
          batch,
          maxLength,
          lines,
          words,
          subwords,
          windows,
          loadS,
          medianS,
          sentencesPerSecond(),
          words / medianS,
          subwords / medianS,
          cpuS * 1000 / lines,
          peakRssMib);
    }
  }

  /**
   * Runs the benchmark.
   *
   * @param args options, see the class comment
   */
  public static void main(String[] args) throws IOException {
    Options o = Options.parse(args);
    Path work = Files.createTempDirectory("primer-predict-bench-");
    try {
      Path tokenizerFile = Path.of(o.tokenizer);
      String tokenizerName = "mbert";
      PredictTexts texts = PredictTexts.panx(Path.of(o.panx), o.langs, o.lines);
      if (texts == null || !Files.isRegularFile(tokenizerFile)) {
        texts = PredictTexts.generated(o.lines);
        tokenizerFile = work.resolve("tokenizer.json");
        Files.writeString(tokenizerFile, texts.tokenizerJson());
        tokenizerName = "generated";
      }
      List<Row> rows = new ArrayList<>();
      try (HfSubwordTokenizer tokenizer = HfSubwordTokenizer.load(tokenizerFile)) {
        if (!SpecialTokens.PAD.equals(tokenizer.piece(0))) {
          throw new IllegalArgumentException(tokenizerFile + ": id 0 is not " + SpecialTokens.PAD);
        }
        for (String preset : o.presets) {
          Row row = measure(o, preset, tokenizer, texts, tokenizerName, work.resolve(preset));
          rows.add(row);
          if (o.json) {
            System.out.println(row.toJson());
          }
        }
      }
      if (!o.json) {
        print(o, rows);
      }
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void print(Options o, List<Row> rows) {
    System.out.printf(
        Locale.ROOT,
        "PredictBenchmark: %s, batch %d windows, max length %d, %d lines per call, %d timed"
            + " pass(es)%n",
        BenchSetup.engineLine(),
        o.batch,
        o.maxLength,
        o.linesPerCall,
        o.passes);
    System.out.printf(
        Locale.ROOT,
        "%-6s %-26s %7s %8s %12s %10s %12s %10s %8s%n",
        "preset",
        "text",
        "lines",
        "load_s",
        "sentences/s",
        "words/s",
        "subwords/s",
        "cpu_ms/sent",
        "rss_mib");
    for (Row r : rows) {
      System.out.printf(
          Locale.ROOT,
          "%-6s %-26s %7d %8.2f %12.1f %10.0f %12.0f %10.3f %8.0f%n",
          r.preset(),
          r.text(),
          r.lines(),
          r.loadS(),
          r.sentencesPerSecond(),
          r.words() / r.medianS(),
          r.subwords() / r.medianS(),
          r.cpuS() * 1000 / r.lines(),
          r.peakRssMib());
    }
  }

  static Row measure(
      Options o,
      String preset,
      HfSubwordTokenizer tokenizer,
      PredictTexts texts,
      String tokenizerName,
      Path dir)
      throws IOException {
    Adapter adapter = checkpoints(preset, tokenizer.vocabSize(), dir);
    Predictor predictor =
        new Predictor(Map.of("xx", adapter), "xx", tokenizer, o.maxLength, o.batch, 0);
    List<List<InputLine>> calls = calls(texts.lines(), o.linesPerCall);

    // The first call loads the checkpoints (ModelCache); it is timed apart.
    long l0 = System.nanoTime();
    predictor.predict(calls.get(0).subList(0, 1));
    double loadS = (System.nanoTime() - l0) / 1e9;

    long words = 0;
    long subwords = 0;
    long windows = 0;
    double[] times = new double[o.passes];
    double cpu = 0;
    for (int pass = -1; pass < o.passes; pass++) {
      long c0 = BenchSetup.processCpuNanos();
      long t0 = System.nanoTime();
      List<List<LinePrediction>> out = new ArrayList<>(calls.size());
      for (List<InputLine> call : calls) {
        out.add(predictor.predict(call));
      }
      long t1 = System.nanoTime();
      long c1 = BenchSetup.processCpuNanos();
      if (pass < 0) {
        // Warm-up pass: also counts what the lines hold (outside the timed passes).
        for (List<LinePrediction> call : out) {
          for (LinePrediction p : call) {
            if (!p.ok()) {
              throw new IllegalStateException(
                  "line " + p.input().id() + " was not tagged: " + p.reason() + " " + p.detail());
            }
            words += p.words().size();
            windows += p.windows();
            for (int[] pieces :
                tokenizer.tokenizeWords(
                    p.words().stream().map(WordSegmenter.Word::text).toList())) {
              subwords += pieces.length;
            }
          }
        }
        subwords += 2 * windows;
        continue;
      }
      times[pass] = (t1 - t0) / 1e9;
      cpu += (c1 - c0) / 1e9;
    }
    double[] sorted = times.clone();
    Arrays.sort(sorted);
    return new Row(
        preset,
        texts.name(),
        tokenizerName,
        o.batch,
        o.maxLength,
        texts.lines().size(),
        words,
        subwords,
        windows,
        loadS,
        sorted[sorted.length / 2],
        cpu / o.passes,
        BenchSetup.peakRssMib());
  }

  /** Lines grouped by language, cut into calls of at most {@code perCall} (as PredictLines). */
  static List<List<InputLine>> calls(List<InputLine> lines, int perCall) {
    Map<String, List<InputLine>> byLang = new LinkedHashMap<>();
    for (InputLine l : lines) {
      byLang.computeIfAbsent(l.lang(), k -> new ArrayList<>()).add(l);
    }
    List<List<InputLine>> out = new ArrayList<>();
    for (List<InputLine> group : byLang.values()) {
      for (int from = 0; from < group.size(); from += perCall) {
        out.add(group.subList(from, Math.min(group.size(), from + perCall)));
      }
    }
    return out;
  }

  /** A random base of the preset and a Houlsby adapter (with classifier) on it. */
  static Adapter checkpoints(String preset, int vocabSize, Path dir) throws IOException {
    EncoderConfig config = EncoderConfig.preset(preset).toBuilder().setVocabSize(vocabSize).build();
    Path baseDir = dir.resolve("base");
    Path peftDir = dir.resolve("houlsby");
    CheckpointManifest baseManifest;
    Determinism.seed(1);
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel model = EncoderModel.builder().setConfig(config).build();
      model.initialize(manager, DataType.FLOAT32);
      baseManifest =
          CheckpointSaver.saveFull(
              model, new LocalCheckpointStore(baseDir), CheckpointKind.BASE, List.of(), Map.of());
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel model =
          CheckpointLoader.load(
                  new LocalCheckpointStore(baseDir),
                  manager,
                  LoadOptions.defaults()
                      .withPeft(PeftConfig.builder(PeftMethod.HOULSBY).build())
                      .withNumLabels(LABELS.size())
                      .withMaskedLm(false))
              .model();
      CheckpointSaver.savePeft(
          model,
          new LocalCheckpointStore(peftDir),
          LABELS,
          Map.of("note", "random weights for PredictBenchmark"),
          CheckpointManifest.BaseReference.of(baseManifest, baseDir.toString()));
    }
    return new Adapter(baseDir.toString(), peftDir.toString());
  }

  /** Command-line options. */
  static final class Options {
    List<String> presets = List.of("tiny", "small");
    List<String> langs = List.of("en", "de", "es", "ru", "ar", "zh");
    String panx = "../shared/data/ner/panx";
    String tokenizer = "../shared/models/mbert-base-cased/tokenizer.json";
    int lines = 2000;
    int passes = 3;
    int batch = 32;
    int maxLength = 128;
    int linesPerCall = 256;
    boolean json;

    static Options parse(String[] args) {
      Options o = new Options();
      BenchArgs.parse(
          args,
          Set.of("--json"),
          (key, value) -> {
            switch (key) {
              case "--json" -> o.json = true;
              case "--presets" -> o.presets = List.of(value.split(","));
              case "--langs" -> o.langs = List.of(value.split(","));
              case "--panx" -> o.panx = value;
              case "--tokenizer" -> o.tokenizer = value;
              case "--lines" -> o.lines = Integer.parseInt(value);
              case "--passes" -> o.passes = Integer.parseInt(value);
              case "--batch" -> o.batch = Integer.parseInt(value);
              case "--max-length" -> o.maxLength = Integer.parseInt(value);
              case "--lines-per-call" -> o.linesPerCall = Integer.parseInt(value);
              default -> throw new IllegalArgumentException("unknown option " + key);
            }
          });
      if (o.lines <= 0 || o.passes <= 0 || o.linesPerCall <= 0 || o.langs.isEmpty()) {
        throw new IllegalArgumentException(
            "need --lines > 0, --passes > 0, --lines-per-call > 0 and a language");
      }
      return o;
    }
  }
}

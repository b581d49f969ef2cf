package dev.primer.learn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.primer.learn.model.EncoderConfig;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.testing.Sentences;
import dev.primer.schemas.EncodedSentence;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Real data: English PAN-X sentences tokenised with the mBERT tokenizer, first-subword labels, tiny
 * encoder from scratch; the loss must drop. Skipped when ../shared is absent.
 */
class PanxTrainingTest {

  private static final List<String> TAGS =
      List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG");

  @Test
  void lossDropsOnRealPanxSample() throws IOException {
    Path shared = Paths.get(System.getProperty("primer.shared.dir", "../shared"));
    Path tokenizerFile = shared.resolve("models/mbert-base-cased/tokenizer.json");
    Path trainFile = shared.resolve("data/ner/panx/train-en.tsv.gz");
    assumeTrue(
        Files.isRegularFile(tokenizerFile) && Files.isRegularFile(trainFile), "no ../shared");

    List<List<String[]>> raw = readConll(trainFile, 420);
    Map<Long, Integer> compact = new HashMap<>();
    compact.put(0L, 0); // [PAD] stays 0
    List<EncodedSentence> sentences = new ArrayList<>();
    try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(tokenizerFile)) {
      for (int s = 0; s < raw.size(); s++) {
        sentences.add(encode("en-" + s, raw.get(s), tokenizer, compact));
      }
    }
    List<EncodedSentence> train = sentences.subList(0, 320);
    List<EncodedSentence> dev = sentences.subList(320, sentences.size());

    Engine.getInstance().setRandomSeed(5);
    EncoderConfig config = EncoderConfig.tiny().toBuilder().setVocabSize(compact.size()).build();
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel model =
          EncoderModel.builder()
              .setConfig(config)
              .optPeft(PeftConfig.full())
              .optTokenClassifier(TAGS.size())
              .build();
      model.initialize(manager, DataType.FLOAT32);
      List<Double> losses = new ArrayList<>();
      TaggerTrainer trainer =
          TaggerTrainer.builder()
              .setModel(model)
              .setConfig(
                  TrainingConfig.builder()
                      .setMaxSteps(60)
                      .setBatchSize(16)
                      .setLearningRate(2e-3)
                      .setWarmupRatio(0.1)
                      .setLogEvery(20)
                      .setBucketByLength(true)
                      .build())
              .addListener(
                  new TrainingObserver() {
                    @Override
                    public void onStep(StepMetrics m) {
                      losses.add(m.loss());
                    }
                  })
              .optLogLabel("panx-en")
              .build();
      TaggingEvaluation before = trainer.evaluate(dev);
      trainer.train(train);
      TaggingEvaluation after = trainer.evaluate(dev);
      assertEquals(60, losses.size());
      double first = mean(losses.subList(0, 5));
      double last = mean(losses.subList(55, 60));
      assertTrue(last < 0.7 * first, "train loss " + first + " -> " + last);
      assertTrue(
          after.loss() < 0.8 * before.loss(), "dev loss " + before.loss() + " -> " + after.loss());
    }
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  /** Words and tags of the first {@code limit} sentences of a {@code token<TAB>tag} file. */
  private static List<List<String[]>> readConll(Path file, int limit) throws IOException {
    List<List<String[]>> out = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      List<String[]> current = new ArrayList<>();
      String line;
      while ((line = reader.readLine()) != null && out.size() < limit) {
        if (line.isBlank()) {
          if (!current.isEmpty()) {
            out.add(current);
            current = new ArrayList<>();
          }
          continue;
        }
        String[] parts = line.split("\t");
        current.add(new String[] {parts[0], parts[parts.length - 1]});
      }
      if (!current.isEmpty() && out.size() < limit) {
        out.add(current);
      }
    }
    return out;
  }

  /** First-subword labels, ids remapped to a compact vocabulary. */
  private static EncodedSentence encode(
      String id, List<String[]> words, HuggingFaceTokenizer tokenizer, Map<Long, Integer> compact) {
    String[] tokens = words.stream().map(w -> w[0]).toArray(String[]::new);
    Encoding encoding = tokenizer.encode(tokens, true, false);
    long[] ids = encoding.getIds();
    long[] wordIds = encoding.getWordIds();
    int[] inputIds = new int[ids.length];
    int[] labels = new int[ids.length];
    int[] wordIndex = new int[ids.length];
    long previous = -1;
    for (int i = 0; i < ids.length; i++) {
      inputIds[i] = compact.computeIfAbsent(ids[i], k -> compact.size());
      boolean special = encoding.getSpecialTokenMask()[i] == 1;
      wordIndex[i] = special ? -1 : (int) wordIds[i];
      boolean first = !special && wordIds[i] != previous;
      labels[i] = first ? TAGS.indexOf(words.get((int) wordIds[i])[1]) : -100;
      if (!special) {
        previous = wordIds[i];
      }
    }
    return Sentences.encoded(id, inputIds, labels, wordIndex);
  }
}

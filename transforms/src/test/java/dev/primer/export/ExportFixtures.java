package dev.primer.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.primer.io.ResourceIO;
import dev.primer.learn.CheckpointLoader;
import dev.primer.learn.CheckpointSaver;
import dev.primer.learn.LoadOptions;
import dev.primer.learn.checkpoint.CheckpointKind;
import dev.primer.learn.checkpoint.CheckpointManifest;
import dev.primer.learn.checkpoint.CheckpointReader;
import dev.primer.learn.checkpoint.LocalCheckpointStore;
import dev.primer.learn.model.EncoderConfig;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.model.FastWeights;
import dev.primer.learn.model.ModelInputs;
import dev.primer.learn.model.TensorSlot;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.peft.PeftMethod;
import dev.primer.learn.peft.TrainableParameters;
import dev.primer.learn.util.TorchOps;
import dev.primer.learn.weights.StateDict;
import dev.primer.predict.WordSegmenter;
import dev.primer.vocab.HfSubwordTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Checkpoints for the export tests, made by the real checkpoint code: a tiny base (with an MLM
 * head) saved as {@code base}, and per method a tagger loaded on it, with random (non-trivial)
 * trained parameters, saved as fine-tuning saves it (PEFT-only with its base reference, or full).
 */
final class ExportFixtures {

  static final List<String> LABELS =
      List.of("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC");

  /** The demo's raw sentences (pipelines/src/main/resources/dev/primer/demo/text). */
  static final List<String> DEMO_SENTENCES =
      List.of(
          "Daudi Kamau alikutana na Rehema Ali huko Mombasa.",
          "Kwa mujibu wa Umoja wa Mataifa, soko ni imara.",
          "Hamisi Juma anaishi Nairobi.",
          "Marie Dupont travaille à Lyon pour la Banque de France.",
          "Selon l'ONU, Jean Martin est arrivé à Marseille.",
          "Nous sommes allés à Genève avec Éloïse 🙂.",
          "John Smith flew to Berlin with the United Nations team.",
          "Kay simiqa runasimi.");

  static final Path TOKENIZER = Path.of("src/test/resources/tokenizers/tiny-wordpiece.json");

  private ExportFixtures() {}

  static EncoderConfig config(int vocab) {
    return EncoderConfig.builder()
        .setVocabSize(vocab)
        .setHiddenSize(32)
        .setNumLayers(2)
        .setNumHeads(4)
        .setIntermediateSize(64)
        .setMaxPositions(128)
        .build();
  }

  /** A saved checkpoint and the model it holds (as reloaded the way predict loads it). */
  record Saved(Path dir, StateDict tensors, EncoderModel model) {}

  /** Saves the base (random weights, MLM head) into {@code dir}. */
  static Saved base(NDManager manager, EncoderConfig config, Path dir) throws IOException {
    EncoderModel model = EncoderModel.builder().setConfig(config).optMaskedLm().build();
    model.initialize(manager, DataType.FLOAT32);
    randomize(model, n -> true, 11);
    CheckpointSaver.saveFull(
        model,
        new LocalCheckpointStore(dir),
        CheckpointKind.BASE,
        List.of(),
        Map.of("source", "random tiny base"));
    return new Saved(dir, CheckpointSaver.stateDict(model), model);
  }

  /** Fine-tunes (randomly) {@code peft} on the base and saves it as the finetune stage does. */
  static Saved tagger(NDManager manager, Saved base, PeftConfig peft, Path dir, long seed)
      throws IOException {
    LocalCheckpointStore baseStore = new LocalCheckpointStore(base.dir());
    LoadOptions options =
        LoadOptions.defaults()
            .withPeft(peft)
            .withNumLabels(LABELS.size())
            .withMaskedLm(false)
            .withDataType(DataType.FLOAT32);
    EncoderModel model = CheckpointLoader.load(baseStore, manager, options).model();
    Predicate<String> trained = TrainableParameters.predicate(peft.method());
    randomize(model, trained, seed);
    LocalCheckpointStore out = new LocalCheckpointStore(dir);
    if (peft.method() == PeftMethod.FULL) {
      CheckpointSaver.saveFull(
          model, out, CheckpointKind.FULL, LABELS, Map.of("task", "xx/unprimed/full/seed=1"));
      EncoderModel loaded = CheckpointLoader.load(out, manager, LoadOptions.defaults()).model();
      return new Saved(dir, CheckpointSaver.stateDict(loaded), loaded);
    }
    CheckpointManifest baseManifest = CheckpointReader.readManifest(baseStore);
    CheckpointSaver.savePeft(
        model,
        out,
        LABELS,
        Map.of("task", "xx/unprimed/" + peft.method().jsonName() + "/seed=1"),
        CheckpointManifest.BaseReference.of(baseManifest, base.dir().toString()));
    EncoderModel loaded =
        CheckpointLoader.loadWithPeft(baseStore, out, manager, DataType.FLOAT32).model();
    return new Saved(dir, CheckpointSaver.stateDict(loaded), loaded);
  }

  /** Sets the parameters whose names pass {@code which} to seeded random values. */
  static void randomize(EncoderModel model, Predicate<String> which, long seed) {
    Random random = new Random(seed);
    for (TensorSlot slot : model.tensorSlots()) {
      if (!which.test(slot.name())) {
        continue;
      }
      long[] shape = slot.shape().getShape();
      int n = (int) slot.shape().size();
      float[] values = new float[n];
      boolean norm = slot.name().contains("LayerNorm.weight");
      for (int i = 0; i < n; i++) {
        values[i] = (float) ((norm ? 1.0 : 0.0) + 0.2 * random.nextGaussian());
      }
      try (NDManager temp = model.manager().newSubManager()) {
        TorchOps.copyInto(
            slot.parameter().getArray(),
            temp.create(values, new ai.djl.ndarray.types.Shape(shape)));
      }
    }
  }

  /** The demo sentences as primer's predict turns them into subword ids ([CLS] ... [SEP]). */
  static int[][] demoInputs(HfSubwordTokenizer tokenizer, int maxLength) {
    List<int[]> rows = new ArrayList<>();
    for (String sentence : DEMO_SENTENCES) {
      List<String> words =
          WordSegmenter.segment(sentence).stream().map(WordSegmenter.Word::text).toList();
      List<Integer> ids = new ArrayList<>();
      for (int id : tokenizer.prefixIds()) {
        ids.add(id);
      }
      for (int[] word : tokenizer.tokenizeWords(words)) {
        for (int id : word) {
          ids.add(id);
        }
      }
      int keep = Math.min(ids.size(), maxLength - tokenizer.suffixIds().length);
      List<Integer> row = new ArrayList<>(ids.subList(0, keep));
      for (int id : tokenizer.suffixIds()) {
        row.add(id);
      }
      rows.add(row.stream().mapToInt(Integer::intValue).toArray());
    }
    return rows.toArray(int[][]::new);
  }

  /** Token-classification logits {@code [B][T][labels]} of right-padded rows (eval mode). */
  static float[][][] logits(EncoderModel model, int[][] rows) {
    int width = 0;
    for (int[] row : rows) {
      width = Math.max(width, row.length);
    }
    long[] ids = new long[rows.length * width];
    int[] lengths = new int[rows.length];
    for (int b = 0; b < rows.length; b++) {
      lengths[b] = rows[b].length;
      for (int t = 0; t < rows[b].length; t++) {
        ids[b * width + t] = rows[b][t];
      }
    }
    try (NDManager temp = model.manager().newSubManager()) {
      ModelInputs inputs = ModelInputs.of(temp, ids, lengths, width, 0, DataType.FLOAT32);
      NDArray logits = model.tokenLogits(new FastWeights(), inputs, false);
      float[] flat = logits.toFloatArray();
      int labels = (int) logits.getShape().get(2);
      float[][][] out = new float[rows.length][width][labels];
      for (int b = 0; b < rows.length; b++) {
        for (int t = 0; t < width; t++) {
          System.arraycopy(flat, (b * width + t) * labels, out[b][t], 0, labels);
        }
      }
      return out;
    }
  }

  static ResourceId dir(Path path) {
    return ResourceIO.directory(path.toAbsolutePath() + "/");
  }
}

package dev.primer.finetune;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.primer.learn.CheckpointSaver;
import dev.primer.learn.checkpoint.CheckpointKind;
import dev.primer.learn.checkpoint.LocalCheckpointStore;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.testing.Sentences;
import dev.primer.learn.testing.TinyModels;
import dev.primer.learn.train.Determinism;
import dev.primer.schemas.EncodedSentence;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;

/** A tiny base checkpoint and synthetic encoded splits on disk, laid out as the stages do. */
final class FinetuneFixtures {

  static final List<String> LABELS = List.of("O", "B-LOC", "I-LOC", "B-PER", "I-PER");

  private FinetuneFixtures() {}

  /** Writes a random tiny base (encoder + MLM head, like pretrain) to {@code dir}. */
  static void writeBase(Path dir, long seed) throws IOException {
    Determinism.seed(seed);
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel model =
          EncoderModel.builder().setConfig(TinyModels.config()).optMaskedLm().build();
      model.initialize(manager, DataType.FLOAT32);
      CheckpointSaver.saveFull(
          model, new LocalCheckpointStore(dir), CheckpointKind.BASE, List.of(), Map.of());
    }
  }

  /**
   * Writes synthetic train and dev windows of {@code lang} as {@code
   * encoded/lang=L/split=S/part-0.avro}; every fourth train sentence is cut into two windows.
   */
  static void writeLanguage(Path encoded, String lang, int train, int dev, long seed)
      throws IOException {
    write(encoded, lang, "train", windows(lang, "train", train, seed));
    write(encoded, lang, "dev", windows(lang, "dev", dev, seed + 1));
  }

  static List<EncodedSentence> windows(String lang, String split, int count, long seed) {
    List<EncodedSentence> out = new ArrayList<>();
    int i = 0;
    for (EncodedSentence s : Sentences.synthetic(count, 40, LABELS.size(), 4, 10, seed)) {
      String id = lang + "-" + split + "-" + (i++);
      out.add(
          EncodedSentence.newBuilder(s)
              .setId(id + "#0")
              .setSentenceId(id)
              .setLang(lang)
              .setSplit(split)
              .build());
    }
    return out;
  }

  static void write(Path encoded, String lang, String split, List<EncodedSentence> windows)
      throws IOException {
    Path dir = encoded.resolve("lang=" + lang).resolve("split=" + split);
    Files.createDirectories(dir);
    try (OutputStream out = Files.newOutputStream(dir.resolve("part-0.avro"));
        DataFileWriter<EncodedSentence> writer =
            new DataFileWriter<>(new SpecificDatumWriter<>(EncodedSentence.class))) {
      writer.create(EncodedSentence.getClassSchema(), out);
      for (EncodedSentence s : windows) {
        writer.append(s);
      }
    }
  }

  /** Settings over {@code root}/encoded and {@code root}/tasks: batch 16, deterministic. */
  static FinetuneSettings settings(Path root, int fewShot, long maxSteps, long evalEvery) {
    return TaskRunnerFixtures.settings(
            root.toString(),
            LABELS,
            fewShot,
            TaskRunnerFixtures.training(maxSteps, evalEvery, 0).setLearningRate(2e-2).build())
        .build();
  }
}

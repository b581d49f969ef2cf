package dev.primer.pipelines;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.primer.io.Manifest;
import dev.primer.learn.CheckpointSaver;
import dev.primer.learn.checkpoint.CheckpointKind;
import dev.primer.learn.checkpoint.LocalCheckpointStore;
import dev.primer.learn.model.EncoderConfig;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.train.Determinism;
import dev.primer.vocab.TokenizerJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stand-ins for the pretrain and prime stages in finetune tests: tiny base checkpoints (made with
 * the checkpoint bridge) where those stages put theirs, with their manifests.
 */
final class FinetuneWorkflow {

  private FinetuneWorkflow() {}

  /** A tiny encoder over the run's vocabulary (hidden 32, 2 layers, 64 positions). */
  static EncoderConfig tinyConfig(Path run) throws Exception {
    int vocab =
        TokenizerJson.parse(Files.readString(RunFiles.committed(run, "vocab/tokenizer.json")))
            .size();
    return EncoderConfig.builder()
        .setVocabSize(vocab)
        .setHiddenSize(32)
        .setNumLayers(2)
        .setNumHeads(4)
        .setIntermediateSize(64)
        .setMaxPositions(64)
        .build();
  }

  /** Writes a random tiny base (with an MLM head, as pretrain leaves it) into {@code dir}. */
  static void writeBase(EncoderConfig config, Path dir, long seed) throws Exception {
    Determinism.seed(seed);
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel model = EncoderModel.builder().setConfig(config).optMaskedLm().build();
      model.initialize(manager, DataType.FLOAT32);
      CheckpointSaver.saveFull(
          model, new LocalCheckpointStore(dir), CheckpointKind.BASE, List.of(), Map.of());
    }
  }

  /** pretrain/checkpoint/ and prime/<variant>/checkpoint/ for each variant, with manifests. */
  static void writeBases(Path run, List<String> variants) throws Exception {
    EncoderConfig config = tinyConfig(run);
    writeBase(config, run.resolve("pretrain/checkpoint"), 1);
    writeManifest(run, "pretrain");
    for (int i = 0; i < variants.size(); i++) {
      writeBase(config, run.resolve("prime").resolve(variants.get(i)).resolve("checkpoint"), 2 + i);
    }
    if (!variants.isEmpty()) {
      writeManifest(run, "prime");
    }
  }

  static void writeManifest(Path run, String stage) throws Exception {
    Manifest m = new Manifest();
    m.stage = stage;
    m.runId = run.getFileName().toString();
    m.cacheKey = "test-" + stage;
    Files.createDirectories(run.resolve(stage));
    Files.writeString(run.resolve(stage).resolve("_MANIFEST.json"), m.toJson());
  }

  /** Copies the named stage directories of {@code from} into the run {@code to}. */
  static void copyStages(Path from, Path to, String... stages) throws Exception {
    for (String stage : stages) {
      Path source = from.resolve(stage);
      try (var files = Files.walk(source)) {
        for (Path f : files.toList()) {
          Path target = to.resolve(stage).resolve(source.relativize(f).toString());
          if (Files.isDirectory(f)) {
            Files.createDirectories(target);
          } else {
            Files.copy(f, target);
          }
        }
      }
    }
  }

  /**
   * Finetune flags for a quick run (tiny steps, deterministic), each {@code --name=value} of {@code
   * overrides} replacing the default of that name.
   */
  static List<String> quickFlags(Path temp, String runId, String... overrides) {
    List<String> flags =
        new ArrayList<>(
            List.of(
                "--runRoot=" + temp.resolve("runs"),
                "--runId=" + runId,
                "--targetLangs=sw,de",
                "--settings=full,unprimed,primed",
                "--methods=adapter-houlsby",
                "--seeds=2",
                "--maxSteps=8",
                "--evalEvery=4",
                "--finetuneLr=1e-2",
                "--finetuneFullLr=1e-3",
                "--finetuneBatchSize=8",
                "--deterministic=true"));
    for (String override : overrides) {
      String name = override.substring(0, override.indexOf('=') + 1);
      flags.removeIf(f -> f.startsWith(name));
      flags.add(override);
    }
    return flags;
  }
}

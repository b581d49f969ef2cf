package dev.primer.pretrain;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.primer.UserError;
import dev.primer.export.ExportedModels;
import dev.primer.finetune.EncodedData;
import dev.primer.io.FileSystemsCheckpointStore;
import dev.primer.io.LocalCopies;
import dev.primer.io.ResourceIO;
import dev.primer.learn.CheckpointSaver;
import dev.primer.learn.PretrainedWeights;
import dev.primer.learn.checkpoint.CheckpointKind;
import dev.primer.learn.checkpoint.CheckpointManifest;
import dev.primer.learn.data.MlmMasker;
import dev.primer.learn.model.EncoderConfig;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.train.Determinism;
import dev.primer.learn.train.DeviceLocks;
import dev.primer.learn.train.Devices;
import dev.primer.learn.train.EvaluationMetrics;
import dev.primer.learn.train.MaskedLmTrainer;
import dev.primer.learn.train.StepMetrics;
import dev.primer.learn.train.TrainingConfig;
import dev.primer.learn.train.TrainingObserver;
import dev.primer.learn.train.TrainingResult;
import dev.primer.learn.weights.ImportedModel;
import dev.primer.learn.weights.ModelDerivation;
import dev.primer.learn.weights.VocabMapping;
import dev.primer.schemas.EncodedSentence;
import dev.primer.schemas.Metric;
import dev.primer.vocab.SpecialTokens;
import dev.primer.vocab.TokenizerJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pretraining task: makes the base encoder checkpoint {@code pretrain/checkpoint/} by masked-LM
 * pretraining from scratch (the model sized by a preset, its vocabulary the run's tokenizer), or by
 * importing pretrained weights, optionally keeping only the first K layers, with the vocabulary
 * pruned to the run's tokenizer through {@code vocab_mapping.tsv}. Emits {@link Metric} records
 * ({@code stage=pretrain}): the training loss every {@code logEvery} updates, the dev loss at each
 * evaluation and the final values ({@code step=-1}).
 */
public final class PretrainRun {

  private static final Logger LOG = LoggerFactory.getLogger(PretrainRun.class);

  private final PretrainSettings settings;

  public PretrainRun(PretrainSettings settings) {
    this.settings = settings;
  }

  /** The special-token ids and size of the run's vocabulary. */
  record Vocabulary(int size, int padId, int maskId) {

    static Vocabulary of(TokenizerJson tokenizer, String source) {
      Map<String, Integer> ids = new LinkedHashMap<>(tokenizer.vocab());
      ids.putAll(tokenizer.addedTokens());
      int max = ids.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
      int pad = SpecialTokens.padId(tokenizer, source);
      Integer mask = ids.containsKey("[MASK]") ? ids.get("[MASK]") : ids.get("<mask>");
      if (mask == null) {
        throw new UserError(source + " has no [MASK] token: masked-LM pretraining needs one");
      }
      return new Vocabulary(max + 1, pad, mask);
    }
  }

  /**
   * Runs the task.
   *
   * @param metrics receives the metric records
   * @return the manifest of the written checkpoint
   */
  public CheckpointManifest run(Consumer<Metric> metrics) throws IOException {
    Determinism.configureThreads(settings.deterministic());
    TokenizerJson tokenizer =
        TokenizerJson.parse(ResourceIO.readString(ResourceIO.file(settings.tokenizer())));
    return switch (settings.mode()) {
      case MLM -> maskedLm(Vocabulary.of(tokenizer, settings.tokenizer()), metrics);
      case IMPORT, DERIVE -> importWeights(tokenizer, metrics);
    };
  }

  private CheckpointManifest maskedLm(Vocabulary vocabulary, Consumer<Metric> metrics)
      throws IOException {
    List<EncodedSentence> train = read(settings.trainPatterns());
    List<EncodedSentence> dev = read(settings.devPatterns());
    if (train.isEmpty()) {
      throw new UserError(
          "no encoded train sentence matches " + String.join(", ", settings.trainPatterns()));
    }
    EncoderConfig config =
        EncoderConfig.preset(settings.preset()).toBuilder()
            .setVocabSize(vocabulary.size())
            .setPadTokenId(vocabulary.padId())
            .build();
    int longest = train.stream().mapToInt(EncodedSentence::getLength).max().orElse(0);
    if (longest > config.maxSequenceLength()) {
      throw new UserError(
          "encoded sentences have up to "
              + longest
              + " subwords but the "
              + settings.preset()
              + " preset takes "
              + config.maxSequenceLength());
    }
    Device device = Devices.preferred();
    LOG.info(
        "pretrain mlm: {} preset, vocabulary {}, {} train and {} dev sentences of {}, {} updates"
            + " on {}",
        settings.preset(),
        vocabulary.size(),
        train.size(),
        dev.size(),
        settings.langs().isEmpty() ? "all languages" : String.join(",", settings.langs()),
        settings.training().maxSteps(),
        device);
    try (NDManager manager = NDManager.newBaseManager(device)) {
      EncoderModel model = EncoderModel.builder().setConfig(config).optMaskedLm().build();
      // initialised from libtorch's global generator: seed and draw under the device lease
      try (DeviceLocks.Lease lease = DeviceLocks.lease(device)) {
        Determinism.seed(settings.seed());
        model.initialize(manager, DataType.FLOAT32);
      }
      TrainingConfig training =
          settings.training().toBuilder().setPadId(vocabulary.padId()).build();
      MetricListener listener = new MetricListener(metrics);
      TrainingResult result =
          MaskedLmTrainer.builder()
              .setModel(model)
              .setConfig(training)
              .setMasker(
                  new MlmMasker(settings.maskProbability(), vocabulary.maskId(), vocabulary.size()))
              .optDevSet(dev.isEmpty() ? null : dev)
              .optLogLabel("pretrain mlm")
              .addListener(listener)
              .build()
              .train(train);
      Map<String, Object> provenance = provenance();
      provenance.put("preset", settings.preset());
      provenance.put("updates", result.steps());
      provenance.put("train_sentences", train.size());
      provenance.put("dev_sentences", dev.size());
      provenance.put("learning_rate", training.learningRate());
      provenance.put("batch_size", training.batchSize());
      if (result.best() != null) {
        provenance.put("best_dev_loss", result.best().loss());
        provenance.put("best_step", result.best().step());
      }
      CheckpointManifest manifest =
          CheckpointSaver.saveFull(
              model,
              FileSystemsCheckpointStore.forSpec(settings.checkpoint()),
              CheckpointKind.BASE,
              List.of(),
              provenance);
      metrics.accept(metric("train", -1, "loss", result.lastLoss()));
      if (result.best() != null) {
        metrics.accept(metric("dev", -1, "loss", result.best().loss()));
      }
      metrics.accept(metric(null, -1, "parameters", manifest.totalParameters()));
      return manifest;
    }
  }

  private CheckpointManifest importWeights(TokenizerJson tokenizer, Consumer<Metric> metrics)
      throws IOException {
    if (!LocalCopies.exists(settings.weights())) {
      throw new UserError("--weights=" + settings.weights() + ": no such file or directory");
    }
    Path weights = LocalCopies.of(settings.weights());
    ImportedModel model;
    try {
      model =
          ExportedModels.isExportDirectory(weights)
              ? ExportedModels.read(ResourceIO.directory(weights.toAbsolutePath() + "/"))
              : PretrainedWeights.load(weights);
      if (settings.mode() == PretrainMode.DERIVE && settings.keepLayers() > 0) {
        model = ModelDerivation.keepFirstLayers(model, settings.keepLayers());
      }
      if (settings.vocabMapping() != null) {
        VocabMapping mapping;
        try (InputStream in = ResourceIO.open(ResourceIO.file(settings.vocabMapping()))) {
          mapping = VocabMapping.read(in, settings.vocabMapping());
        }
        model = ModelDerivation.pruneVocabulary(model, mapping);
      }
    } catch (IllegalArgumentException e) {
      throw new UserError(settings.weights() + ": " + e.getMessage(), e);
    }
    int tokens = Vocabulary.of(tokenizer, settings.tokenizer()).size();
    if (model.config().vocabSize() != tokens) {
      throw new UserError(
          "the weights have a vocabulary of "
              + model.config().vocabSize()
              + " pieces but the run's tokenizer "
              + settings.tokenizer()
              + " has "
              + tokens
              + ": tokenize with the weights' own tokenizer (vocab stage"
              + " --tokenizer=...), pruned or not");
    }
    Map<String, Object> provenance = provenance();
    provenance.put("weights", settings.weights());
    provenance.put("keep_layers", settings.keepLayers());
    provenance.put("vocab_mapping", settings.vocabMapping());
    LOG.info(
        "pretrain {}: {} -> {}",
        settings.mode().optionName(),
        model.source(),
        settings.checkpoint());
    CheckpointManifest manifest =
        PretrainedWeights.saveAsBase(
            model, FileSystemsCheckpointStore.forSpec(settings.checkpoint()), provenance);
    metrics.accept(metric(null, -1, "parameters", manifest.totalParameters()));
    metrics.accept(metric(null, -1, "layers", model.config().numHiddenLayers()));
    return manifest;
  }

  private Map<String, Object> provenance() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("stage", "pretrain");
    p.put("mode", settings.mode().optionName());
    p.put("run_id", settings.runId());
    p.put("seed", settings.seed());
    p.put("langs", settings.langs());
    p.put("tokenizer", settings.tokenizer());
    return p;
  }

  private static List<EncodedSentence> read(List<String> patterns) throws IOException {
    List<EncodedSentence> out = new ArrayList<>();
    List<String> files = new ArrayList<>();
    for (String pattern : patterns) {
      for (MatchResult.Metadata m : ResourceIO.list(pattern)) {
        files.add(m.resourceId().toString());
      }
    }
    files.sort(String::compareTo);
    for (String file : files) {
      try (InputStream in = ResourceIO.open(ResourceIO.file(file));
          DataFileStream<EncodedSentence> records =
              new DataFileStream<>(in, new SpecificDatumReader<>(EncodedSentence.class))) {
        for (EncodedSentence s : records) {
          out.add(s);
        }
      }
    }
    // Runners shard the encode output differently from run to run: the file order is not stable.
    out.sort(EncodedData.ORDER);
    return out;
  }

  private Metric metric(String split, long step, String name, double value) {
    return Metric.newBuilder()
        .setRunId(settings.runId())
        .setStage("pretrain")
        .setTask(settings.mode().optionName())
        .setSetting("pretrain")
        .setMethod("full")
        .setLang(null)
        .setSeed(settings.seed())
        .setSplit(split)
        .setStep(step)
        .setName(name)
        .setValue(value)
        .setTimeMillis(System.currentTimeMillis())
        .build();
  }

  /** Training loss every {@code logEvery} updates and the dev loss of each evaluation. */
  private final class MetricListener implements TrainingObserver {
    private final Consumer<Metric> metrics;
    private double sum;
    private long count;

    MetricListener(Consumer<Metric> metrics) {
      this.metrics = metrics;
    }

    @Override
    public void onStep(StepMetrics m) {
      sum += m.loss();
      count++;
      if (m.step() % settings.training().logEvery() == 0 || m.step() == m.totalSteps()) {
        metrics.accept(metric("train", m.step(), "loss", sum / count));
        sum = 0;
        count = 0;
      }
    }

    @Override
    public void onEvaluation(EvaluationMetrics m) {
      metrics.accept(metric("dev", m.step(), "loss", m.loss()));
    }
  }
}

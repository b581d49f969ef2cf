package dev.primer.finetune;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.primer.Json;
import dev.primer.io.FileSystemsCheckpointStore;
import dev.primer.io.ResourceIO;
import dev.primer.io.StageArtifacts;
import dev.primer.learn.CheckpointLoader;
import dev.primer.learn.CheckpointSaver;
import dev.primer.learn.LoadOptions;
import dev.primer.learn.checkpoint.CheckpointConfig;
import dev.primer.learn.checkpoint.CheckpointKind;
import dev.primer.learn.checkpoint.CheckpointManifest;
import dev.primer.learn.checkpoint.CheckpointReader;
import dev.primer.learn.checkpoint.CheckpointStore;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.peft.FinetuneMethod;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.train.Determinism;
import dev.primer.learn.train.Devices;
import dev.primer.learn.train.TrainingConfig;
import dev.primer.schemas.EncodedSentence;
import dev.primer.schemas.Metric;
import dev.primer.seqeval.NerReport;
import dev.primer.seqeval.PrfScore;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Runs one fine-tuning task end to end, without Beam: reads the language's train and dev windows,
 * loads the base checkpoint into a tagger with the method's PEFT modules (or none for full
 * fine-tuning) and a classifier, trains with dev-F1 selection ({@link TaskTraining}), then writes
 * the PEFT-only checkpoint ({@code peft/}) or the whole model ({@code full/}) and last {@code
 * result.json}, all through Beam FileSystems and atomically (checkpoint files are renamed into
 * place, {@code checkpoint.json} and {@code result.json} come last).
 *
 * <p>Initialisation: what priming learned is the starting point when it fits, else a seeded
 * initialisation (task seed). PEFT parameters come from the base checkpoint when it holds them for
 * exactly the task's PEFT configuration (a base primed with {@code primed-with-init} or {@code
 * multitask}); the classifier when the base holds one for the same label list (priming with {@code
 * --headInit=shared} or {@code multitask}). {@code result.json} records which. The whole task runs
 * in its device's {@link TaskTurns turn}.
 */
public final class FinetuneRunner {

  private static final ObjectMapper JSON = Json.mapper();

  /**
   * What a task produced.
   *
   * @param outcome the task's one result
   * @param metrics its metric records (learning curve and finals)
   * @param result the content of {@code result.json}
   */
  public record Result(TaskOutcome outcome, List<Metric> metrics, TaskResultJson result) {}

  private final FinetuneSettings settings;

  /** A runner for tasks with these settings. */
  public FinetuneRunner(FinetuneSettings settings) {
    this.settings = settings;
  }

  /**
   * Runs the task.
   *
   * @throws IOException when reading inputs or writing outputs fails
   * @throws RuntimeException (e.g. {@code UserError}, {@code IllegalArgumentException}) when the
   *     inputs cannot be used: no train or dev data, a base checkpoint that does not fit
   */
  public Result run(FinetuneTask task) throws IOException {
    return run(task, Devices.preferred());
  }

  /**
   * Runs the task on {@code device}, in that device's turn ({@link TaskTurns}): one training at a
   * time per device in this JVM.
   *
   * @throws IOException when reading inputs or writing outputs fails
   * @throws RuntimeException as {@link #run(FinetuneTask)}
   */
  public Result run(FinetuneTask task, Device device) throws IOException {
    FinetuneMethod method = task.finetuneMethod();
    List<EncodedSentence> all = EncodedData.read(settings.encodedDirectory(), task.lang(), "train");
    List<EncodedSentence> dev = EncodedData.read(settings.encodedDirectory(), task.lang(), "dev");
    if (all.isEmpty() || dev.isEmpty()) {
      throw new IllegalArgumentException(
          "language "
              + task.lang()
              + " has "
              + all.size()
              + " train and "
              + dev.size()
              + " dev windows in "
              + settings.encodedDirectory()
              + "; fine-tuning needs both");
    }
    List<EncodedSentence> train = FewShot.select(all, settings.fewShot(), task.seed());
    PeftConfig peft = settings.peftConfig(method);
    TrainingConfig training = settings.trainingConfig(task);
    if (settings.deterministic()) {
      Determinism.singleThreaded();
    }
    try (TaskTurns.Turn turn = TaskTurns.take(device);
        NDManager manager = NDManager.newBaseManager(device)) {
      CheckpointStore base = BaseCheckpointCache.store(task.baseCheckpoint());
      CheckpointManifest baseManifest = CheckpointReader.readManifest(base);
      CheckpointConfig baseConfig = CheckpointReader.readConfig(base, baseManifest);
      boolean peftFromBase =
          !method.isFull()
              && baseConfig.peft() != null
              && baseManifest.parameters().getOrDefault("peft", 0L) > 0
              && PeftConfig.fromJson(baseConfig.peft().toString()).equals(peft);
      boolean headFromBase =
          baseConfig.labels().equals(settings.labels())
              && baseManifest.parameters().getOrDefault("classifier", 0L) > 0;
      LoadOptions options =
          LoadOptions.defaults()
              .withPeft(peft)
              .withNumLabels(settings.labels().size())
              .withMaskedLm(false)
              .withDataType(DataType.FLOAT32);
      if (!peftFromBase) {
        options.skipCheckpointPeft();
      }
      if (!headFromBase) {
        options.withFreshClassifier();
      }
      // The seed fixes the fresh classifier and PEFT modules (and, in training, dropout and order).
      Determinism.seed(task.seed());
      EncoderModel model = CheckpointLoader.load(base, manager, options).model();

      TaskMetrics metrics = new TaskMetrics(settings.runId(), task);
      TaskTraining.Outcome outcome =
          TaskTraining.run(model, train, dev, settings.labels(), training, task.id(), metrics);

      String taskDirectory = settings.taskDirectory(task);
      String checkpointName =
          method.isFull()
              ? StageArtifacts.FINETUNE_FULL_CHECKPOINT
              : StageArtifacts.FINETUNE_PEFT_CHECKPOINT;
      CheckpointStore out =
          new FileSystemsCheckpointStore(
              ResourceIO.directory(taskDirectory + checkpointName + "/"));
      Map<String, Object> provenance = provenance(task, outcome);
      CheckpointManifest saved =
          method.isFull()
              ? CheckpointSaver.saveFull(
                  model, out, CheckpointKind.FULL, settings.labels(), provenance)
              : CheckpointSaver.savePeft(
                  model,
                  out,
                  settings.labels(),
                  provenance,
                  CheckpointManifest.BaseReference.of(baseManifest, task.baseCheckpoint()));

      TaskResultJson.Checkpoint checkpoint =
          new TaskResultJson.Checkpoint(
              checkpointName + "/",
              saved.kind().jsonName(),
              saved.files().get(saved.kind().weightsFile()).sha256(),
              saved.tensors());
      TaskResultJson result =
          result(
              task,
              base,
              baseManifest,
              peft,
              peftFromBase,
              headFromBase,
              train,
              dev,
              outcome,
              metrics,
              checkpoint);
      ResourceId resultFile = ResourceIO.file(taskDirectory + StageArtifacts.FINETUNE_RESULT);
      ResourceIO.writeStringAtomically(resultFile, JSON.writeValueAsString(result));
      return new Result(
          TaskOutcome.succeeded(task, outcome.dev().micro().f1(), outcome.training().steps()),
          metrics.records(),
          result);
    }
  }

  private Map<String, Object> provenance(FinetuneTask task, TaskTraining.Outcome outcome) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("stage", StageArtifacts.FINETUNE);
    p.put("runId", settings.runId());
    p.put("task", task.id());
    p.put("seed", task.seed());
    p.put("fewShot", settings.fewShot());
    p.put("steps", outcome.training().steps());
    p.put("bestStep", outcome.bestStep());
    p.put("devF1", outcome.dev().micro().f1());
    return p;
  }

  private TaskResultJson result(
      FinetuneTask task,
      CheckpointStore base,
      CheckpointManifest baseManifest,
      PeftConfig peft,
      boolean peftFromBase,
      boolean headFromBase,
      List<EncodedSentence> train,
      List<EncodedSentence> dev,
      TaskTraining.Outcome outcome,
      TaskMetrics metrics,
      TaskResultJson.Checkpoint checkpoint)
      throws IOException {
    String baseJsonSha256;
    try (java.io.InputStream in = base.open(CheckpointManifest.FILE)) {
      baseJsonSha256 = ResourceIO.sha256(in.readAllBytes());
    }
    TaskResultJson.Base baseEntry =
        new TaskResultJson.Base(
            task.baseCheckpoint(),
            baseJsonSha256,
            baseManifest.files().get(baseManifest.kind().weightsFile()).sha256());
    TaskResultJson.Training training =
        new TaskResultJson.Training(
            settings.fewShot(),
            FewShot.sentences(train),
            train.size(),
            settings.training().maxSteps(),
            settings.training().epochs(),
            settings.training().evalEvery(),
            settings.training().patience(),
            settings.training().batchSize(),
            settings.learningRate(method(task)),
            settings.deterministic(),
            outcome.training().steps(),
            outcome.bestStep(),
            outcome.training().stoppedEarly(),
            outcome.training().lastLoss(),
            outcome.parameters().trainable(),
            outcome.parameters().total(),
            outcome.seconds());
    NerReport report = outcome.dev();
    Map<String, TaskResultJson.Score> types = new LinkedHashMap<>();
    for (Map.Entry<String, PrfScore> e : report.perType().entrySet()) {
      PrfScore score = e.getValue();
      types.put(
          e.getKey(),
          new TaskResultJson.Score(score.precision(), score.recall(), score.f1(), score.support()));
    }
    TaskResultJson.Dev devEntry =
        new TaskResultJson.Dev(
            FewShot.sentences(dev),
            report.micro().f1(),
            report.micro().precision(),
            report.micro().recall(),
            report.micro().support(),
            outcome.devLoss(),
            report.tokenAccuracy(),
            outcome.initial(),
            types);
    return new TaskResultJson(
        task.id(),
        settings.runId(),
        task.lang(),
        task.setting(),
        task.method(),
        task.seed(),
        baseEntry,
        method(task).isFull() ? null : JSON.readTree(peft.toJson()),
        new TaskResultJson.Initialisation(peftFromBase, headFromBase),
        training,
        devEntry,
        curve(metrics.records()),
        checkpoint);
  }

  private static FinetuneMethod method(FinetuneTask task) {
    return task.finetuneMethod();
  }

  /** Rows {step, devF1, devLoss, trainLoss} of the learning curve, by step. */
  private static List<Map<String, Number>> curve(List<Metric> records) {
    TreeMap<Long, Map<String, Number>> rows = new TreeMap<>();
    for (Metric m : records) {
      if (m.getStep() < 0) {
        continue;
      }
      String key =
          switch (m.getSplit() + "/" + m.getName()) {
            case "dev/f1" -> "devF1";
            case "dev/loss" -> "devLoss";
            case "train/loss" -> "trainLoss";
            default -> null;
          };
      if (key != null) {
        rows.computeIfAbsent(m.getStep(), FinetuneRunner::curveRow).put(key, m.getValue());
      }
    }
    return List.copyOf(rows.values());
  }

  private static Map<String, Number> curveRow(long step) {
    Map<String, Number> row = new LinkedHashMap<>();
    row.put("step", step);
    return row;
  }
}

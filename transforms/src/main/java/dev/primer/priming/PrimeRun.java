package dev.primer.priming;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.primer.Json;
import dev.primer.io.FileSystemsCheckpointStore;
import dev.primer.io.ResourceIO;
import dev.primer.learn.CheckpointLoader;
import dev.primer.learn.CheckpointSaver;
import dev.primer.learn.LoadOptions;
import dev.primer.learn.checkpoint.CheckpointConfig;
import dev.primer.learn.checkpoint.CheckpointKind;
import dev.primer.learn.checkpoint.CheckpointManifest;
import dev.primer.learn.checkpoint.CheckpointWriter;
import dev.primer.learn.meta.HeadInit;
import dev.primer.learn.meta.MetaStepResult;
import dev.primer.learn.meta.PrimingConfig;
import dev.primer.learn.meta.PrimingTrainer;
import dev.primer.learn.meta.PrimingVariant;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.model.LoadPolicy;
import dev.primer.learn.train.Determinism;
import dev.primer.learn.train.DeviceLocks;
import dev.primer.learn.train.Devices;
import dev.primer.learn.weights.ModelConfig;
import dev.primer.schemas.Episode;
import dev.primer.schemas.Metric;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One priming task: one variant, from the base checkpoint to {@code prime/<variant>/checkpoint/}.
 * Streams the episodes, runs {@link PrimingTrainer} meta-steps, writes a resumable checkpoint every
 * {@code checkpointEvery} meta-steps (with the metrics since the previous one), resumes from the
 * newest complete checkpoint written with the same settings, and hands every {@link Metric} to the
 * caller (those of resumed steps replayed first). Plain Java: the {@code prime} stage runs it in a
 * DoFn.
 */
public final class PrimeRun {

  private static final Logger LOG = LoggerFactory.getLogger(PrimeRun.class);
  private static final ObjectMapper JSON = Json.mapper();

  /** Thrown by {@code --primeStopAfter}: the run stopped on purpose, resumable. */
  public static final class Stopped extends RuntimeException {
    Stopped(String message) {
      super(message);
    }
  }

  /**
   * What a task did.
   *
   * @param variant the variant
   * @param steps meta-steps of the whole run
   * @param resumedFrom meta-steps restored from a checkpoint (0 for a fresh run)
   * @param checkpoint the final checkpoint directory
   * @param manifest its manifest
   */
  public record Outcome(
      PrimingVariant variant,
      long steps,
      long resumedFrom,
      String checkpoint,
      CheckpointManifest manifest) {}

  /** Receives the metric records of a run. */
  @FunctionalInterface
  public interface Sink {
    /**
     * One record.
     *
     * @param metric the record
     * @param replayed whether it was measured by an earlier invocation (resumed runs)
     */
    void accept(Metric metric, boolean replayed);
  }

  private final PrimeSettings settings;

  public PrimeRun(PrimeSettings settings) {
    this.settings = settings;
  }

  /** Number of meta-steps: {@code metaSteps}, or one pass over the episodes (at least one step). */
  public long totalSteps() throws IOException {
    if (settings.metaSteps() > 0) {
      return settings.metaSteps();
    }
    long episodes = EpisodeStream.count(settings.episodes());
    return Math.max(1, episodes / settings.metaBatch());
  }

  /**
   * Runs (or resumes) the task.
   *
   * @param variant which variant
   * @param metrics receives every metric record, in step order
   */
  public Outcome run(PrimingVariant variant, Sink metrics) throws IOException {
    Determinism.configureThreads(settings.deterministic());
    String variantDir = settings.variantDirectory(variant);
    ResourceId stepsDir = ResourceIO.directory(settings.stepsDirectory(variant));
    StepCheckpoints checkpoints = new StepCheckpoints(stepsDir, settings.keepCheckpoints());
    MetricLog log = new MetricLog(stepsDir);
    String fingerprint = settings.fingerprint(variant);
    long total = totalSteps();
    Device device = Devices.preferred();
    LOG.info(
        "prime {}: {} meta-steps of {} episodes, k={} inner steps, {} order, head {}, {} on {}",
        variant,
        total,
        settings.metaBatch(),
        settings.priming().inner().steps(),
        settings.priming().order().name().toLowerCase(Locale.ROOT),
        settings.priming().headInit(),
        settings.method().optionName(),
        device);
    try (NDManager manager = NDManager.newBaseManager(device)) {
      EncoderModel model;
      // the PEFT modules and the head are drawn from libtorch's global generator: seed and draw
      // under the device lease, so that concurrent tasks in this JVM cannot interleave draws
      try (DeviceLocks.Lease lease = DeviceLocks.lease(device)) {
        Determinism.seed(settings.priming().seed());
        model = loadBase(manager);
      }
      PrimingConfig config = settings.config(variant, total);
      try (PrimingTrainer trainer = PrimingTrainer.create(model, config)) {
        PrimeMetrics converter =
            new PrimeMetrics(
                settings.runId(),
                variant.optionName(),
                settings.method().optionName(),
                settings.priming().seed(),
                settings.labels());
        long step = 0;
        EpisodeStream.Position position = EpisodeStream.Position.START;
        StepCheckpoints.Saved resume = checkpoints.newest(fingerprint);
        if (resume != null) {
          checkpoints.restore(resume, model, trainer.optimizer());
          step = resume.step();
          position = resume.position();
          for (Metric m : log.replay(step)) {
            converter.replayed(m);
            metrics.accept(m, true);
          }
          LOG.info("prime {}: resumed from {} at meta-step {}", variant, resume.directory(), step);
        } else {
          log.clear();
        }
        long resumedFrom = step;
        List<Metric> pending = new ArrayList<>();
        long start = System.nanoTime();
        double lossSum = 0;
        long lossCount = 0;
        try (EpisodeStream stream = EpisodeStream.open(settings.episodes(), position)) {
          while (step < total) {
            List<Episode> batch = stream.next(settings.metaBatch());
            MetaStepResult r = trainer.step(step, batch);
            step++;
            for (Metric m : converter.step(r, System.currentTimeMillis())) {
              metrics.accept(m, false);
              pending.add(m);
            }
            lossSum += r.queryLoss();
            lossCount++;
            if (step % settings.logEvery() == 0 || step == total) {
              double elapsed = (System.nanoTime() - start) / 1e9;
              double perStep = elapsed / (step - resumedFrom);
              LOG.info(
                  String.format(
                      Locale.ROOT,
                      "prime %s step %d/%d query loss %.4f lr %.3g %.2f s/step ETA %.0f s",
                      variant,
                      step,
                      total,
                      lossSum / lossCount,
                      r.update().learningRate(),
                      perStep,
                      perStep * (total - step)));
              lossSum = 0;
              lossCount = 0;
            }
            if (settings.checkpointEvery() > 0
                && step % settings.checkpointEvery() == 0
                && step < total) {
              log.write(step, pending);
              pending.clear();
              checkpoints.write(
                  step,
                  model,
                  settings.labels(),
                  trainer.optimizer(),
                  stream.position(),
                  fingerprint,
                  settings.priming().seed());
            }
            if (settings.stopAfter() > 0
                && step - resumedFrom >= settings.stopAfter()
                && step < total) {
              throw new Stopped(
                  "prime "
                      + variant
                      + " stopped after "
                      + (step - resumedFrom)
                      + " meta-steps as --primeStopAfter asked (at meta-step "
                      + step
                      + " of "
                      + total
                      + "); rerun to resume from the newest checkpoint");
            }
          }
        }
        CheckpointManifest manifest = saveFinal(variant, model, trainer, step, resumedFrom);
        for (Metric m : converter.finalValues(step, System.currentTimeMillis())) {
          metrics.accept(m, false);
        }
        LOG.info("prime {}: done, {} meta-steps; checkpoint {}", variant, step, variantDir);
        return new Outcome(variant, step, resumedFrom, variantDir + "checkpoint/", manifest);
      }
    }
  }

  /**
   * The base encoder with fresh PEFT modules and a fresh classifier over the run's labels (a
   * masked-LM head of the base is left out; PEFT parameters a base may hold are not used).
   */
  private EncoderModel loadBase(NDManager manager) throws IOException {
    CheckpointLoader.Loaded loaded =
        CheckpointLoader.load(
            FileSystemsCheckpointStore.forSpec(settings.baseCheckpoint()),
            manager,
            LoadOptions.defaults()
                .withPeft(settings.peft())
                .withNumLabels(settings.labels().size())
                .withFreshClassifier()
                .withMaskedLm(false)
                .skipCheckpointPeft());
    return loaded.model();
  }

  /**
   * Writes {@code prime/<variant>/checkpoint/}, a {@code base} checkpoint: the encoder always; the
   * PEFT parameters only when the variant learned their initialisation (primed-with-init, maml-all,
   * multitask), with the PEFT config; the classifier and labels only when it was learned (a shared
   * head, or multitask). {@code provenance.priming} says which.
   */
  private CheckpointManifest saveFinal(
      PrimingVariant variant,
      EncoderModel model,
      PrimingTrainer trainer,
      long steps,
      long resumedFrom)
      throws IOException {
    boolean peftLearned = variant != PrimingVariant.PRIMED;
    PrimingConfig trained = trainer.config();
    boolean headLearned = trained.headInit() == HeadInit.SHARED;
    Predicate<String> select =
        name ->
            (!LoadPolicy.isPeftTensor(name) || peftLearned)
                && (!name.startsWith("classifier.") || headLearned);
    JsonNode peft = peftLearned ? JSON.readTree(model.peft().toJson()) : null;
    CheckpointConfig config =
        new CheckpointConfig(
            ModelConfig.of(model.config()), headLearned ? settings.labels() : List.of(), peft);
    Map<String, Object> priming = new LinkedHashMap<>();
    priming.put("variant", variant.optionName());
    priming.put("method", settings.method().optionName());
    priming.put("peft_init", peftLearned ? "primed" : "not saved (not learned)");
    priming.put("head", headLearned ? "primed" : "not saved (re-initialised per episode)");
    priming.put("meta_steps", steps);
    priming.put("resumed_from", resumedFrom);
    priming.put("meta_batch", settings.metaBatch());
    priming.put("inner_steps", trained.inner().steps());
    priming.put("inner_lr", trained.inner().learningRate());
    priming.put("inner_optimizer", trained.inner().optimizer().name().toLowerCase(Locale.ROOT));
    priming.put("outer_lr", settings.outerLearningRate());
    priming.put("meta_order", trained.order().name().toLowerCase(Locale.ROOT));
    priming.put("head_init", trained.headInit().optionName());
    priming.put("lazy_embeddings", trained.lazyEmbeddings());
    priming.put("seed", trained.seed());
    priming.put("fingerprint", settings.fingerprint(variant));
    priming.put("base", settings.baseCheckpoint());
    ResourceId dir = ResourceIO.directory(settings.variantDirectory(variant) + "checkpoint/");
    ResourceIO.deleteTree(dir);
    return new CheckpointWriter()
        .write(
            new FileSystemsCheckpointStore(dir),
            CheckpointKind.BASE,
            CheckpointSaver.stateDict(model, select),
            config,
            Map.of("priming", priming),
            null);
  }
}

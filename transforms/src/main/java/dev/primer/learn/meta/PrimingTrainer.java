package dev.primer.learn.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import dev.primer.learn.data.Batcher;
import dev.primer.learn.data.BatchingOptions;
import dev.primer.learn.data.EncodedBatch;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.model.FastWeights;
import dev.primer.learn.peft.PeftMethod;
import dev.primer.learn.train.AdamW;
import dev.primer.learn.train.Determinism;
import dev.primer.learn.train.DeviceLocks;
import dev.primer.learn.train.ModelOptimizer;
import dev.primer.learn.train.TaggingLoss;
import dev.primer.learn.util.Seeds;
import dev.primer.learn.util.TorchOps;
import dev.primer.schemas.EncodedSentence;
import dev.primer.schemas.Episode;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Priming (meta-pretraining) of an encoder with a PEFT method and a token-classification head, one
 * meta-batch of episodes per {@link #step}: see {@link PrimingVariant} for what each variant adapts
 * in the inner loop and updates in the outer step.
 *
 * <p>Per meta-step: seed the dropout generators from (seed, step); for each episode, start the head
 * per {@link HeadInit}, copy the inner parameters as fast weights, adapt them for k steps on the
 * support set (the model itself is not touched), and take the meta-gradient of the query loss at
 * the adapted values ({@link MetaGradients}, first or second order); average the episodes'
 * gradients and apply one AdamW update to the outer parameters. The result of a step depends only
 * on the parameters, the optimizer state, the step number and the episodes, so a run restored from
 * those continues bit for bit (deterministic mode).
 *
 * <p>Which parameters each variant adapts and updates is {@link ParameterGroups}; a step reports a
 * {@link MetaStepResult} of {@link EpisodeResult}s.
 */
public final class PrimingTrainer implements AutoCloseable {

  /** The word-embedding table, whose rows the outer step may update lazily. */
  static final String WORD_EMBEDDINGS = ParameterGroups.WORD_EMBEDDINGS;

  private final EncoderModel model;
  private final PrimingConfig config;
  private final List<String> innerNames;
  private final List<String> outerNames;
  private final List<String> headNames;
  private final String lazyRows;
  private final ModelOptimizer optimizer;

  private PrimingTrainer(EncoderModel model, PrimingConfig config) {
    this.model = model;
    this.config = config;
    ParameterGroups groups = ParameterGroups.of(model, config);
    innerNames = groups.inner();
    outerNames = groups.outer();
    headNames = groups.head();
    lazyRows = groups.lazyRows();
    Map<String, Parameter> outerParameters = new LinkedHashMap<>();
    outerNames.forEach(n -> outerParameters.put(n, model.parameter(n)));
    optimizer =
        new ModelOptimizer(
            outerParameters,
            AdamW.builder().optWeightDecay(config.weightDecay()).build(),
            config.outerSchedule(),
            config.maxGradNorm());
  }

  /**
   * Creates a trainer.
   *
   * @param model an initialised model with a PEFT method (not full) and a token classifier
   * @param config the run's settings
   * @return the trainer (owns its optimizer state; close it)
   */
  public static PrimingTrainer create(EncoderModel model, PrimingConfig config) {
    if (model.numLabels() == 0) {
      throw new IllegalArgumentException("priming needs a token classifier head");
    }
    if (config.outerSchedule() == null) {
      throw new IllegalArgumentException("priming needs an outer schedule");
    }
    if (model.peft().method() == PeftMethod.FULL) {
      throw new IllegalArgumentException(
          "priming needs a PEFT method (the parameters fine-tuning will train), not full");
    }
    return new PrimingTrainer(model, config);
  }

  /** The model being primed. */
  public EncoderModel model() {
    return model;
  }

  /** The settings. */
  public PrimingConfig config() {
    return config;
  }

  /** Names of the parameters the inner loop adapts (empty for multitask). */
  public List<String> innerParameters() {
    return innerNames;
  }

  /** Names of the parameters the outer step updates, in model order. */
  public List<String> outerParameters() {
    return outerNames;
  }

  /** Names of the head's parameters. */
  public List<String> headParameters() {
    return headNames;
  }

  /** The outer optimizer (its AdamW state and step count are what a checkpoint must keep). */
  public ModelOptimizer optimizer() {
    return optimizer;
  }

  /**
   * One meta-step on a meta-batch of episodes.
   *
   * @param step the 0-based meta-step (seeds the step's dropout; with the optimizer's own count it
   *     must agree when resuming)
   * @param episodes the meta-batch
   * @return what the step measured
   */
  public MetaStepResult step(long step, List<Episode> episodes) {
    if (episodes.isEmpty()) {
      throw new IllegalArgumentException("a meta-step needs at least one episode");
    }
    for (Episode e : episodes) {
      if (e.getSupport().isEmpty() || e.getQuery().isEmpty()) {
        throw new IllegalArgumentException(
            "episode " + e.getId() + " needs support and query sentences");
      }
    }
    long start = System.nanoTime();
    List<EpisodeResult> results = new ArrayList<>(episodes.size());
    ModelOptimizer.Update update;
    try (DeviceLocks.Lease lease = DeviceLocks.lease(model.device())) {
      Determinism.seed(Seeds.primingStep(config.seed(), step));
      update =
          config.variant().hasInnerLoop()
              ? metaStep(episodes, results)
              : multitaskStep(episodes, results);
    }
    return new MetaStepResult(step, results, update, (System.nanoTime() - start) / 1e9);
  }

  private ModelOptimizer.Update metaStep(List<Episode> episodes, List<EpisodeResult> results) {
    try (NDManager gradients = model.manager().newSubManager()) {
      Map<String, NDArray> rows = lazyRows(episodes, config.order() == MetaOrder.SECOND, gradients);
      Map<String, NDArray> sum = null;
      for (Episode episode : episodes) {
        if (config.headInit() == HeadInit.REINIT) {
          reinitializeHead(episode.getIndex());
        }
        MetaGradients.Result r =
            MetaGradients.compute(
                model,
                innerNames,
                outerNames,
                supportBatches(episode.getSupport()),
                EncodedBatch.of(episode.getQuery(), config.padId()),
                config.inner(),
                config.order(),
                gradients,
                rows);
        results.add(
            new EpisodeResult(
                episode, r.supportLoss(), r.queryLoss(), r.queryGold(), r.queryPredicted()));
        sum = accumulate(sum, r.gradients());
      }
      scale(sum, 1.0 / episodes.size(), gradients);
      return optimizer.step(sum, rows);
    }
  }

  private static Map<String, NDArray> accumulate(
      Map<String, NDArray> sum, Map<String, NDArray> gradients) {
    if (sum == null) {
      return new LinkedHashMap<>(gradients);
    }
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      for (Map.Entry<String, NDArray> e : gradients.entrySet()) {
        sum.get(e.getKey()).addi(e.getValue());
        e.getValue().close();
      }
    } finally {
      JniUtils.setGradMode(grad);
    }
    return sum;
  }

  private void scale(Map<String, NDArray> gradients, double factor, NDManager manager) {
    if (factor == 1.0) {
      return;
    }
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try (NDArray f = TorchOps.scalar(manager, factor, model.dataType())) {
      for (NDArray g : gradients.values()) {
        g.muli(f);
      }
    } finally {
      JniUtils.setGradMode(grad);
    }
  }

  /**
   * Multitask: the mean of the support loss and the query loss of every episode (each episode
   * weighted equally), back-propagated into encoder, PEFT and head, then one AdamW update.
   */
  private ModelOptimizer.Update multitaskStep(List<Episode> episodes, List<EpisodeResult> results) {
    Set<String> trained = new LinkedHashSet<>(outerNames);
    model.setTrainable(trained::contains);
    try {
      FastWeights store = new FastWeights();
      double episodeWeight = 1.0 / episodes.size();
      for (Episode episode : episodes) {
        List<EncodedBatch> support = supportBatches(episode.getSupport());
        double supportLoss = 0;
        for (EncodedBatch batch : support) {
          try (NDScope scope = new NDScope();
              NDManager m = model.manager().newSubManager()) {
            scope.suppressNotUsedWarning();
            try (DeviceLocks.Recording recording = DeviceLocks.recordGradients()) {
              NDArray l = TaggingLoss.compute(model, store, batch, m, config.inner().dropout());
              supportLoss += TorchOps.toDouble(l) / support.size();
              NDArray w =
                  TorchOps.scalar(m, episodeWeight / (2.0 * support.size()), model.dataType());
              recording.backward(l.mul(w));
            }
          }
        }
        MetaGradients.QueryPass pass = new MetaGradients.QueryPass();
        try (NDScope scope = new NDScope();
            NDManager m = model.manager().newSubManager()) {
          scope.suppressNotUsedWarning();
          try (DeviceLocks.Recording recording = DeviceLocks.recordGradients()) {
            NDArray l =
                MetaGradients.queryLoss(
                    model,
                    store,
                    EncodedBatch.of(episode.getQuery(), config.padId()),
                    m,
                    config.inner().dropout(),
                    pass);
            NDArray w = TorchOps.scalar(m, episodeWeight / 2.0, model.dataType());
            recording.backward(l.mul(w));
          }
        }
        results.add(new EpisodeResult(episode, supportLoss, pass.loss, pass.gold, pass.predicted));
      }
      if (lazyRows == null) {
        return optimizer.step();
      }
      try (NDManager gradients = model.manager().newSubManager()) {
        Map<String, NDArray> rows = lazyRows(episodes, true, gradients);
        Map<String, NDArray> grads = new LinkedHashMap<>();
        boolean grad = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
          for (String name : outerNames) {
            NDArray g = model.parameter(name).getArray().getGradient();
            NDArray subset = rows.get(name);
            if (subset != null) {
              NDArray gathered = TorchOps.embedding(subset, g);
              gathered.attach(gradients);
              g = gathered;
            }
            grads.put(name, g);
          }
        } finally {
          JniUtils.setGradMode(grad);
        }
        ModelOptimizer.Update update = optimizer.step(grads, rows);
        optimizer.zero();
        return update;
      }
    } finally {
      model.setTrainable(n -> false);
    }
  }

  /**
   * The word-embedding rows the outer gradient can be non-zero on: the distinct ids (padding
   * included) of the query sets, and of the support sets when they reach the outer gradient too
   * (second order, multitask). Empty when the embeddings are not updated lazily.
   */
  private Map<String, NDArray> lazyRows(
      List<Episode> episodes, boolean withSupport, NDManager manager) {
    if (lazyRows == null) {
      return Map.of();
    }
    BitSet ids = new BitSet();
    ids.set(config.padId());
    for (Episode e : episodes) {
      addIds(ids, e.getQuery());
      if (withSupport) {
        addIds(ids, e.getSupport());
      }
    }
    long[] sorted = ids.stream().asLongStream().toArray();
    return Map.of(lazyRows, manager.create(sorted));
  }

  private static void addIds(BitSet ids, List<EncodedSentence> sentences) {
    for (EncodedSentence s : sentences) {
      for (int id : s.getInputIds()) {
        ids.set(id);
      }
    }
  }

  private List<EncodedBatch> supportBatches(List<EncodedSentence> support) {
    Batcher batcher =
        new Batcher(
            BatchingOptions.builder()
                .setBatchSize(config.inner().batchSize())
                .optPadId(config.padId())
                .optShuffle(false)
                .build());
    return batcher.epoch(support, 0);
  }

  /**
   * Draws a fresh head for episode {@code index}: weights normal with the encoder's initializer
   * range, biases zero; a function of the seed and the index only.
   */
  void reinitializeHead(long index) {
    SplittableRandom random = new SplittableRandom(Seeds.primingHead(config.seed(), index));
    double std = model.config().initializerRange();
    try (NDManager temp = model.manager().newSubManager()) {
      for (String name : headNames) {
        Parameter p = model.parameter(name);
        Shape shape = p.getShape();
        float[] values = new float[Math.toIntExact(shape.size())];
        if (!name.endsWith(".bias")) {
          for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * std);
          }
        }
        TorchOps.copyInto(p.getArray(), temp.create(values, shape));
      }
    }
  }

  @Override
  public void close() {
    optimizer.close();
  }
}

package dev.primer.learn.meta;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.primer.learn.data.Batcher;
import dev.primer.learn.data.BatchingOptions;
import dev.primer.learn.data.EncodedBatch;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.peft.TrainableParameters;
import dev.primer.learn.train.AdamW;
import dev.primer.learn.train.DeviceLocks;
import dev.primer.learn.train.LearningRateSchedule;
import dev.primer.learn.train.ModelOptimizer;
import dev.primer.schemas.EncodedSentence;
import dev.primer.schemas.Episode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MAML-style priming: for every episode, adapt the PEFT (+ head) parameters on the support set with
 * the encoder frozen, then update the encoder (and, optionally, the initialisation of the PEFT +
 * head parameters) from the query loss at the adapted weights, with AdamW.
 */
public final class MetaLearner implements AutoCloseable {

  /** Losses and outer update of one meta-step. */
  public static final class StepResult {
    private final double supportLoss;
    private final double queryLoss;
    private final ModelOptimizer.Update update;

    StepResult(double supportLoss, double queryLoss, ModelOptimizer.Update update) {
      this.supportLoss = supportLoss;
      this.queryLoss = queryLoss;
      this.update = update;
    }

    /** Support loss at the last inner step. */
    public double supportLoss() {
      return supportLoss;
    }

    /** Query loss at the adapted weights (before the outer update). */
    public double queryLoss() {
      return queryLoss;
    }

    public ModelOptimizer.Update update() {
      return update;
    }
  }

  private final EncoderModel model;
  private final InnerLoopConfig inner;
  private final MetaOrder order;
  private final List<String> innerNames;
  private final List<String> outerNames;
  private final ModelOptimizer optimizer;
  private final int padId;

  private MetaLearner(Builder b) {
    model = b.model;
    inner = b.inner;
    order = b.order;
    padId = b.padId;
    innerNames = new ArrayList<>();
    model.parameters().keySet().stream()
        .filter(TrainableParameters.predicate(model.peft().method()))
        .forEach(innerNames::add);
    outerNames = new ArrayList<>(MetaGradients.complement(model, innerNames));
    if (b.updateFastInit) {
      outerNames.addAll(innerNames);
    }
    Map<String, Parameter> outerParameters = new LinkedHashMap<>();
    outerNames.forEach(n -> outerParameters.put(n, model.parameter(n)));
    optimizer =
        new ModelOptimizer(
            outerParameters,
            AdamW.builder().optWeightDecay(b.weightDecay).build(),
            b.schedule,
            b.maxGradNorm);
  }

  /** A builder; model, inner-loop config and outer schedule are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Names of the inner-loop (fast) parameters. */
  public List<String> innerParameters() {
    return innerNames;
  }

  /** Names of the parameters the outer update changes. */
  public List<String> outerParameters() {
    return outerNames;
  }

  /**
   * One meta-step on an episode.
   *
   * @param episode support and query sets
   * @return losses and the outer update
   */
  public StepResult step(Episode episode) {
    return step(episode.getSupport(), episode.getQuery());
  }

  /**
   * One meta-step: inner adaptation on {@code support}, meta-gradient of the query loss, AdamW
   * update of the outer parameters.
   *
   * @param support sentences of the inner loop (batched in order, used in turn)
   * @param query sentences of the outer loss (one batch)
   * @return losses and the outer update
   */
  public StepResult step(List<EncodedSentence> support, List<EncodedSentence> query) {
    if (support.isEmpty() || query.isEmpty()) {
      throw new IllegalArgumentException("an episode needs support and query sentences");
    }
    Batcher supportBatcher =
        new Batcher(
            BatchingOptions.builder()
                .setBatchSize(inner.batchSize())
                .optPadId(padId)
                .optShuffle(false)
                .build());
    List<EncodedBatch> supportBatches = supportBatcher.epoch(support, 0);
    EncodedBatch queryBatch = EncodedBatch.of(query, padId);
    try (DeviceLocks.Lease lease = DeviceLocks.lease(model.device());
        NDManager gradients = model.manager().newSubManager()) {
      MetaGradients.Result r =
          MetaGradients.compute(
              model, innerNames, outerNames, supportBatches, queryBatch, inner, order, gradients);
      ModelOptimizer.Update update = optimizer.step(r.gradients());
      return new StepResult(r.supportLoss(), r.queryLoss(), update);
    }
  }

  @Override
  public void close() {
    optimizer.close();
  }

  /** Builder of {@link MetaLearner}. */
  public static final class Builder {
    private EncoderModel model;
    private InnerLoopConfig inner;
    private MetaOrder order = MetaOrder.FIRST;
    private LearningRateSchedule schedule;
    private double weightDecay = 0.01;
    private double maxGradNorm = 1.0;
    private boolean updateFastInit = true;
    private int padId;

    private Builder() {}

    /** A model built with the PEFT method whose parameters (+ head) adapt in the inner loop. */
    public Builder setModel(EncoderModel model) {
      this.model = model;
      return this;
    }

    public Builder setInnerLoop(InnerLoopConfig inner) {
      this.inner = inner;
      return this;
    }

    /** Outer learning rate per meta-step. */
    public Builder setOuterSchedule(LearningRateSchedule schedule) {
      this.schedule = schedule;
      return this;
    }

    public Builder optOrder(MetaOrder order) {
      this.order = order;
      return this;
    }

    public Builder optWeightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    public Builder optMaxGradNorm(double maxGradNorm) {
      this.maxGradNorm = maxGradNorm;
      return this;
    }

    /** Whether the outer step also updates the PEFT + head initialisation (default true). */
    public Builder optUpdateFastInit(boolean updateFastInit) {
      this.updateFastInit = updateFastInit;
      return this;
    }

    public Builder optPadId(int padId) {
      this.padId = padId;
      return this;
    }

    public MetaLearner build() {
      if (model == null || inner == null || schedule == null) {
        throw new IllegalArgumentException("MetaLearner needs a model, inner loop and schedule");
      }
      if (model.numLabels() == 0) {
        throw new IllegalArgumentException("meta-learning needs a token classifier head");
      }
      return new MetaLearner(this);
    }
  }
}

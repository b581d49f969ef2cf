package dev.primer.learn.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import dev.primer.learn.data.EncodedBatch;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.model.FastWeights;
import dev.primer.learn.model.ModelInputs;
import dev.primer.learn.train.DeviceLocks;
import dev.primer.learn.train.TaggingLoss;
import dev.primer.learn.train.TokenCrossEntropy;
import dev.primer.learn.train.WordTagDecoder;
import dev.primer.learn.util.TorchOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Meta-gradients of one episode. With inner parameters phi (PEFT + head) and outer parameters theta
 * (the encoder), the inner loop runs {@code phi_{t+1} = phi_t - a grad_phi L_s(theta, phi_t)} and
 * the meta-objective is {@code F = L_q(theta, phi_k)}.
 *
 * <ul>
 *   <li>{@link MetaOrder#FIRST}: {@code dL_q/dtheta} at fixed {@code phi_k}, and {@code
 *       dL_q/dphi_k} for phi's initialisation (FOMAML).
 *   <li>{@link MetaOrder#SECOND}: the exact {@code dF/dtheta} and {@code dF/dphi_0}, through the
 *       inner SGD updates.
 * </ul>
 *
 * The model is not modified (besides which of its parameters require gradients, which is restored
 * to "none" on return); the caller holds the device lease.
 */
public final class MetaGradients {

  /** Gradients by parameter name and the losses of the episode. */
  public static final class Result {
    private final Map<String, NDArray> gradients;
    private final double supportLoss;
    private final double queryLoss;
    private final List<int[]> queryGold;
    private final List<int[]> queryPredicted;

    Result(Map<String, NDArray> gradients, double supportLoss, QueryPass query) {
      this.gradients = gradients;
      this.supportLoss = supportLoss;
      this.queryLoss = query.loss;
      this.queryGold = query.gold;
      this.queryPredicted = query.predicted;
    }

    /** Meta-gradient per requested parameter (owned by the caller's manager). */
    public Map<String, NDArray> gradients() {
      return gradients;
    }

    /** Support loss of the last inner step. */
    public double supportLoss() {
      return supportLoss;
    }

    /** Query loss at the adapted weights. */
    public double queryLoss() {
      return queryLoss;
    }

    /** Gold word-level tag ids of the query sentences, in order. */
    public List<int[]> queryGold() {
      return queryGold;
    }

    /**
     * Word-level tag ids predicted for the query sentences by the forward pass that gave the query
     * loss (adapted weights; dropout as configured), in order.
     */
    public List<int[]> queryPredicted() {
      return queryPredicted;
    }
  }

  /** Loss and word-level predictions of a query forward pass. */
  static final class QueryPass {
    double loss;
    List<int[]> gold;
    List<int[]> predicted;
  }

  private MetaGradients() {}

  /**
   * Computes meta-gradients.
   *
   * @param model the model
   * @param inner names of the fast (inner-loop) parameters
   * @param outer names of the parameters to get meta-gradients for: any of the encoder's and, for
   *     the initialisation of the fast weights, inner names too
   * @param support support batches, used in turn by the inner steps
   * @param query the query batch
   * @param config inner-loop settings ({@link MetaOrder#SECOND} needs SGD)
   * @param order first or second order
   * @param out manager owning the returned gradients
   * @return gradients and losses
   */
  public static Result compute(
      EncoderModel model,
      Collection<String> inner,
      Collection<String> outer,
      List<EncodedBatch> support,
      EncodedBatch query,
      InnerLoopConfig config,
      MetaOrder order,
      NDManager out) {
    return compute(model, inner, outer, support, query, config, order, out, Map.of());
  }

  /**
   * Computes meta-gradients, returning for the parameters in {@code rows} only the gradient rows
   * named there ({@code [R, ...]}, gathered in that order): for an embedding table whose other rows
   * get no gradient (the ids not in the batches), this avoids copying the whole table.
   *
   * @param rows parameter name to int64 {@code [R]} row indices (outer, non-inner parameters)
   */
  public static Result compute(
      EncoderModel model,
      Collection<String> inner,
      Collection<String> outer,
      List<EncodedBatch> support,
      EncodedBatch query,
      InnerLoopConfig config,
      MetaOrder order,
      NDManager out,
      Map<String, NDArray> rows) {
    try {
      return order == MetaOrder.FIRST
          ? firstOrder(model, inner, outer, support, query, config, out, rows)
          : secondOrder(model, inner, outer, support, query, config, out, rows);
    } finally {
      model.setTrainable(n -> false);
    }
  }

  private static Result firstOrder(
      EncoderModel model,
      Collection<String> inner,
      Collection<String> outer,
      List<EncodedBatch> support,
      EncodedBatch query,
      InnerLoopConfig config,
      NDManager out,
      Map<String, NDArray> rows) {
    Set<String> innerSet = new LinkedHashSet<>(inner);
    Set<String> encoderOuter = new LinkedHashSet<>(outer);
    encoderOuter.removeAll(innerSet);
    Map<String, NDArray> grads = new LinkedHashMap<>();
    try (FastParameters fast = FastParameters.copyOf(model, inner)) {
      model.setTrainable(n -> false);
      double supportLoss = InnerLoop.adapt(model, fast, support, config);
      Set<String> subsets = new LinkedHashSet<>(rows.keySet());
      subsets.retainAll(encoderOuter);
      model.setTrainable(n -> encoderOuter.contains(n) && !subsets.contains(n));
      QueryPass pass = new QueryPass();
      try (NDScope scope = new NDScope();
          NDManager step = model.manager().newSubManager()) {
        scope.suppressNotUsedWarning();
        FastWeights store = fast.store();
        Map<String, NDArray> leaves = new LinkedHashMap<>();
        EncodedBatch q = query;
        for (String name : subsets) {
          // only the rows the query uses get a gradient: substitute them, not the whole table
          NDArray leaf = rowLeaf(model.parameter(name).getArray(), rows.get(name), step);
          store.putRows(model.parameter(name), leaf);
          leaves.put(name, leaf);
          q = renumber(q, rows.get(name).toLongArray());
        }
        try (DeviceLocks.Recording recording = DeviceLocks.recordGradients()) {
          NDArray l = queryLoss(model, store, q, step, config.dropout(), pass);
          recording.backward(l);
        }
        for (String name : outer) {
          NDArray g =
              innerSet.contains(name)
                  ? fast.value(name).getGradient()
                  : leaves.containsKey(name)
                      ? leaves.get(name).getGradient()
                      : model.parameter(name).getArray().getGradient();
          grads.put(name, keep(g, leaves.containsKey(name) ? null : rows.get(name), out));
        }
      }
      for (String name : encoderOuter) {
        if (!subsets.contains(name)) {
          JniUtils.zeroGrad((PtNDArray) model.parameter(name).getArray());
        }
      }
      return new Result(grads, supportLoss, pass);
    }
  }

  private static Result secondOrder(
      EncoderModel model,
      Collection<String> inner,
      Collection<String> outer,
      List<EncodedBatch> support,
      EncodedBatch query,
      InnerLoopConfig config,
      NDManager out,
      Map<String, NDArray> rows) {
    if (config.optimizer() != InnerOptimizer.SGD) {
      throw new IllegalArgumentException("second-order meta-gradients need an SGD inner loop");
    }
    Set<String> innerSet = new LinkedHashSet<>(inner);
    Set<String> encoderOuter = new LinkedHashSet<>(outer);
    encoderOuter.removeAll(innerSet);
    Map<String, NDArray> grads = new LinkedHashMap<>();
    model.setTrainable(n -> false);
    try (FastParameters theta = FastParameters.copyOf(model, encoderOuter);
        FastParameters phi0 = FastParameters.copyOf(model, inner);
        NDScope scope = new NDScope();
        NDManager step = model.manager().newSubManager()) {
      scope.suppressNotUsedWarning();
      double supportLoss = Double.NaN;
      QueryPass pass = new QueryPass();
      NDArray rate = TorchOps.scalar(step, config.learningRate(), model.dataType());
      try (DeviceLocks.Recording recording = DeviceLocks.recordGradients()) {
        Map<String, NDArray> phi = new LinkedHashMap<>(phi0.values());
        for (int t = 0; t < config.steps(); t++) {
          Map<String, NDArray> deltas = new LinkedHashMap<>();
          FastWeights store = theta.store();
          for (Map.Entry<String, NDArray> e : phi.entrySet()) {
            NDArray delta = e.getValue().zerosLike();
            delta.setRequiresGradient(true);
            deltas.put(e.getKey(), delta);
            store.put(phi0.parameter(e.getKey()), e.getValue().add(delta));
          }
          NDArray l =
              TaggingLoss.compute(
                  model, store, support.get(t % support.size()), step, config.dropout());
          recording.backwardCreateGraph(l);
          supportLoss = TorchOps.toDouble(l);
          Map<String, NDArray> next = new LinkedHashMap<>();
          for (Map.Entry<String, NDArray> e : phi.entrySet()) {
            NDArray g = deltas.get(e.getKey()).getGradient();
            next.put(e.getKey(), e.getValue().sub(g.mul(rate)));
          }
          phi = next;
        }
        theta.zeroGradients();
        phi0.zeroGradients();
        FastWeights store = theta.store();
        phi.forEach((name, value) -> store.put(phi0.parameter(name), value));
        NDArray l = queryLoss(model, store, query, step, config.dropout(), pass);
        recording.backward(l);
      }
      for (String name : outer) {
        NDArray g =
            innerSet.contains(name)
                ? phi0.value(name).getGradient()
                : theta.value(name).getGradient();
        grads.put(name, keep(g, rows.get(name), out));
      }
      return new Result(grads, supportLoss, pass);
    }
  }

  /** The query loss, recording its value and the word-level predictions in {@code pass}. */
  static NDArray queryLoss(
      EncoderModel model,
      ParameterStore store,
      EncodedBatch query,
      NDManager manager,
      boolean training,
      QueryPass pass) {
    ModelInputs inputs = model.inputs(manager, query.inputIds(), query.lengths(), query.width());
    NDArray logits = model.tokenLogits(store, inputs, training);
    TokenCrossEntropy.Targets targets =
        TokenCrossEntropy.targets(manager, query.labels(), model.numLabels(), model.dataType());
    NDArray loss = TokenCrossEntropy.loss(logits, targets);
    pass.loss = TorchOps.toDouble(loss);
    pass.gold = WordTagDecoder.gold(query);
    pass.predicted = WordTagDecoder.predicted(query, logits.argMax(-1).toLongArray());
    return loss;
  }

  /** Rows {@code rows} of {@code table}, copied as a leaf that requires gradients. */
  private static NDArray rowLeaf(NDArray table, NDArray rows, NDManager manager) {
    boolean mode = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      NDArray leaf = TorchOps.embedding(rows, table);
      leaf.attach(manager);
      leaf.setRequiresGradient(true);
      return leaf;
    } finally {
      JniUtils.setGradMode(mode);
    }
  }

  /** The batch with its input ids replaced by their positions in {@code sortedRows}. */
  static EncodedBatch renumber(EncodedBatch batch, long[] sortedRows) {
    long[] ids = batch.inputIds().clone();
    for (int i = 0; i < ids.length; i++) {
      int at = Arrays.binarySearch(sortedRows, ids[i]);
      if (at < 0) {
        throw new IllegalArgumentException("id " + ids[i] + " is not among the substituted rows");
      }
      ids[i] = at;
    }
    return batch.withInputIds(ids);
  }

  /** A detached copy of {@code grad} (or of its rows {@code rows}) owned by {@code out}. */
  private static NDArray keep(NDArray grad, NDArray rows, NDManager out) {
    boolean mode = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      try (NDArray detached = grad.stopGradient()) {
        NDArray copy = rows == null ? detached.duplicate() : TorchOps.embedding(rows, detached);
        NDScope.unregister(copy);
        copy.attach(out);
        return copy;
      }
    } finally {
      JniUtils.setGradMode(mode);
    }
  }

  /** Names of the model's parameters that are not in {@code inner}. */
  public static List<String> complement(EncoderModel model, Collection<String> inner) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
      if (!inner.contains(e.getKey())) {
        out.add(e.getKey());
      }
    }
    return out;
  }
}

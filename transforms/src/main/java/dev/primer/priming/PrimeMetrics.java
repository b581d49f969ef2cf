package dev.primer.priming;

import dev.primer.learn.meta.EpisodeResult;
import dev.primer.learn.meta.MetaStepResult;
import dev.primer.schemas.Metric;
import dev.primer.seqeval.NerScoreAccumulator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns priming steps into {@link Metric} records ({@code stage=prime}, {@code task} and {@code
 * setting} = the variant): per meta-step the query loss and query F1 (seqeval, micro) over the
 * meta-batch and per language, the support loss, the outer learning rate and gradient norm; and the
 * final values ({@code step=-1}): query loss and F1 averaged over the last {@link #WINDOW}
 * meta-steps. Steps are counted from 1 (the number of meta-steps done).
 */
public final class PrimeMetrics {

  /** Meta-steps the final values average over. */
  public static final int WINDOW = 20;

  private final String runId;
  private final String variant;
  private final String method;
  private final long seed;
  private final List<String> labels;
  private final Deque<double[]> recent = new ArrayDeque<>();

  /**
   * Creates the converter.
   *
   * @param labels the label list the tag ids index (encode/labels.json)
   */
  public PrimeMetrics(String runId, String variant, String method, long seed, List<String> labels) {
    this.runId = runId;
    this.variant = variant;
    this.method = method;
    this.seed = seed;
    this.labels = List.copyOf(labels);
  }

  /** The records of one meta-step ({@code r.step() + 1} is recorded as the step). */
  public List<Metric> step(MetaStepResult r, long timeMillis) {
    long step = r.step() + 1;
    List<Metric> out = new ArrayList<>();
    NerScoreAccumulator all = new NerScoreAccumulator();
    Map<String, NerScoreAccumulator> byLang = new TreeMap<>();
    Map<String, double[]> lossByLang = new TreeMap<>();
    for (EpisodeResult e : r.episodes()) {
      NerScoreAccumulator lang = byLang.computeIfAbsent(e.lang(), l -> new NerScoreAccumulator());
      for (int i = 0; i < e.queryGold().size(); i++) {
        all.add(e.queryGold().get(i), e.queryPredicted().get(i), labels);
        lang.add(e.queryGold().get(i), e.queryPredicted().get(i), labels);
      }
      double[] sum = lossByLang.computeIfAbsent(e.lang(), l -> new double[2]);
      sum[0] += e.queryLoss();
      sum[1]++;
    }
    double f1 = all.report().micro().f1();
    out.add(metric(null, "query", step, "loss", r.queryLoss(), timeMillis));
    out.add(metric(null, "query", step, "f1", f1, timeMillis));
    out.add(metric(null, "support", step, "loss", r.supportLoss(), timeMillis));
    out.add(metric(null, null, step, "lr", r.update().learningRate(), timeMillis));
    if (!Double.isNaN(r.update().gradNorm())) {
      out.add(metric(null, null, step, "grad_norm", r.update().gradNorm(), timeMillis));
    }
    for (Map.Entry<String, NerScoreAccumulator> e : byLang.entrySet()) {
      double[] loss = lossByLang.get(e.getKey());
      out.add(metric(e.getKey(), "query", step, "loss", loss[0] / loss[1], timeMillis));
      out.add(
          metric(e.getKey(), "query", step, "f1", e.getValue().report().micro().f1(), timeMillis));
    }
    remember(r.queryLoss(), f1);
    return out;
  }

  /**
   * Takes note of a record replayed from an earlier invocation (resumed runs), so that the final
   * values cover the same steps as in an uninterrupted run.
   */
  public void replayed(Metric m) {
    if (m.getLang() == null && "query".equals(m.getSplit()) && "loss".equals(m.getName())) {
      recent.addLast(new double[] {m.getValue(), Double.NaN});
    } else if (m.getLang() == null && "query".equals(m.getSplit()) && "f1".equals(m.getName())) {
      double[] last = recent.peekLast();
      if (last != null && Double.isNaN(last[1])) {
        last[1] = m.getValue();
      }
    }
    while (recent.size() > WINDOW) {
      recent.removeFirst();
    }
  }

  private void remember(double loss, double f1) {
    recent.addLast(new double[] {loss, f1});
    while (recent.size() > WINDOW) {
      recent.removeFirst();
    }
  }

  /** The final values ({@code step=-1}) over the last {@link #WINDOW} meta-steps. */
  public List<Metric> finalValues(long steps, long timeMillis) {
    double loss = 0;
    double f1 = 0;
    for (double[] v : recent) {
      loss += v[0] / recent.size();
      f1 += v[1] / recent.size();
    }
    List<Metric> out = new ArrayList<>();
    if (!recent.isEmpty()) {
      out.add(metric(null, "query", -1, "loss", loss, timeMillis));
      out.add(metric(null, "query", -1, "f1", f1, timeMillis));
    }
    out.add(metric(null, null, -1, "meta_steps", steps, timeMillis));
    return out;
  }

  private Metric metric(
      String lang, String split, long step, String name, double value, long timeMillis) {
    return Metric.newBuilder()
        .setRunId(runId)
        .setStage("prime")
        .setTask(variant)
        .setSetting(variant)
        .setMethod(method)
        .setLang(lang)
        .setSeed(seed)
        .setSplit(split)
        .setStep(step)
        .setName(name)
        .setValue(value)
        .setTimeMillis(timeMillis)
        .build();
  }
}

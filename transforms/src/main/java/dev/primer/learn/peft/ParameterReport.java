package dev.primer.learn.peft;

import ai.djl.nn.Parameter;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.model.LoadPolicy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counts of trainable and total parameters (scalars) by group: {@code embeddings}, {@code encoder},
 * {@code peft}, {@code head}.
 */
public final class ParameterReport {

  /** Trainable and total counts of one group. */
  public static final class Group {
    private long trainable;
    private long total;

    public long trainable() {
      return trainable;
    }

    public long total() {
      return total;
    }
  }

  private final Map<String, Group> groups = new LinkedHashMap<>();
  private long trainable;
  private long total;

  private ParameterReport() {
    for (String g : new String[] {"embeddings", "encoder", "peft", "head"}) {
      groups.put(g, new Group());
    }
  }

  /**
   * Counts the parameters of {@code model} as currently frozen/unfrozen.
   *
   * @param model an initialised model
   * @return the report
   */
  public static ParameterReport of(EncoderModel model) {
    ParameterReport r = new ParameterReport();
    for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
      long size = e.getValue().getShape().size();
      Group g = r.groups.get(groupOf(e.getKey()));
      g.total += size;
      r.total += size;
      if (e.getValue().requiresGradient()) {
        g.trainable += size;
        r.trainable += size;
      }
    }
    return r;
  }

  private static String groupOf(String name) {
    if (LoadPolicy.isPeftTensor(name)) {
      return "peft";
    }
    if (LoadPolicy.isHeadTensor(name)) {
      return "head";
    }
    return name.startsWith("bert.embeddings.") ? "embeddings" : "encoder";
  }

  /** Groups by name. */
  public Map<String, Group> groups() {
    return Collections.unmodifiableMap(groups);
  }

  /** Trainable scalars in the whole model. */
  public long trainable() {
    return trainable;
  }

  /** All scalars in the whole model. */
  public long total() {
    return total;
  }

  /** Trainable share of all parameters, in percent. */
  public double trainablePercent() {
    return total == 0 ? 0 : 100.0 * trainable / total;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(Locale.ROOT, "%-11s %14s %14s %8s%n", "group", "trainable", "total", "%"));
    groups.forEach(
        (name, g) ->
            sb.append(
                String.format(
                    Locale.ROOT,
                    "%-11s %,14d %,14d %8.3f%n",
                    name,
                    g.trainable,
                    g.total,
                    g.total == 0 ? 0 : 100.0 * g.trainable / g.total)));
    sb.append(
        String.format(
            Locale.ROOT, "%-11s %,14d %,14d %8.3f%n", "all", trainable, total, trainablePercent()));
    return sb.toString();
  }
}

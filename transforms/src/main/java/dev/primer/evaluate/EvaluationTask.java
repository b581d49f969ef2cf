package dev.primer.evaluate;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * One evaluation of the {@code evaluate} fan-out: a model (a base checkpoint plus, optionally, a
 * PEFT-only checkpoint trained on it) scored on one language and split of one encoded corpus.
 *
 * @param model the model's id: a fine-tuning task id {@code <lang>/<setting>/<method>/seed=<s>}, or
 *     {@code checkpoint} for an explicit {@code --checkpoint}; also its results directory
 * @param lang language evaluated
 * @param setting setting of the model ({@code checkpoint} for an explicit one)
 * @param method method of the model ({@code full} for a whole model)
 * @param seed seed of the model (0 for an explicit checkpoint)
 * @param baseCheckpoint directory (ending in '/') of the base or full checkpoint
 * @param peftCheckpoint directory (ending in '/') of the PEFT-only checkpoint, or {@code null}
 * @param corpus the corpus name ({@code run} for the run's own encode output)
 * @param encodedDirectory the corpus's {@code encoded/} directory (ending in '/')
 * @param sentencesDirectory the staged {@code sentences/} directory whose ids the encoded windows
 *     carry (for the words of error samples), or {@code null} when unknown
 * @param split the split evaluated
 */
public record EvaluationTask(
    String model,
    String lang,
    String setting,
    String method,
    long seed,
    String baseCheckpoint,
    String peftCheckpoint,
    String corpus,
    String encodedDirectory,
    String sentencesDirectory,
    String split)
    implements Serializable {

  /** The name of the run's own corpus. */
  public static final String RUN_CORPUS = "run";

  /** Validates and normalises directories to end in '/'. */
  public EvaluationTask {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(lang, "lang");
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(corpus, "corpus");
    baseCheckpoint = slash(Objects.requireNonNull(baseCheckpoint, "baseCheckpoint"));
    peftCheckpoint = peftCheckpoint == null ? null : slash(peftCheckpoint);
    encodedDirectory = slash(Objects.requireNonNull(encodedDirectory, "encodedDirectory"));
    sentencesDirectory = sentencesDirectory == null ? null : slash(sentencesDirectory);
  }

  private static String slash(String dir) {
    return dir.endsWith("/") ? dir : dir + "/";
  }

  /**
   * The id of this evaluation: {@code <model>} for the run's own corpus, {@code <model>@<corpus>}
   * for another corpus (the Metric records' task), then the language and split.
   */
  public String id() {
    return String.format(Locale.ROOT, "%s|%s|%s|%s", metricTask(), lang, corpus, split);
  }

  /** The {@code task} of this evaluation's Metric records. */
  public String metricTask() {
    return corpus.equals(RUN_CORPUS) ? model : model + "@" + corpus;
  }

  /**
   * Path of the JSON result relative to {@code evaluate/results/}: {@code
   * <model>/<corpus>-<split>.json} for a model of one language, {@code
   * <model>/<lang>/<corpus>-<split>.json} for an explicit checkpoint scored on every language.
   */
  public String resultPath() {
    boolean perLanguageModel = !model.equals(CHECKPOINT);
    return perLanguageModel
        ? model + "/" + corpus + "-" + split + ".json"
        : model + "/" + lang + "/" + corpus + "-" + split + ".json";
  }

  /** Model id of an explicit {@code --checkpoint}. */
  public static final String CHECKPOINT = "checkpoint";

  @Override
  public String toString() {
    return id();
  }
}

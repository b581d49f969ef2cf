package dev.primer.finetune;

import dev.primer.OptionChecks;
import dev.primer.UserError;
import dev.primer.io.PathSegments;
import dev.primer.learn.weights.ModelConfig;
import java.util.List;
import java.util.Set;

/**
 * The finetune stage's option rules, checked by its plan before {@link FinetuneSettings} is built:
 * ranges of the training options, the settings named, the target languages against the encode
 * output and the episodes stage's priming languages. Each failure is a {@link UserError} naming the
 * flag.
 */
public final class FinetuneChecks {

  private FinetuneChecks() {}

  /**
   * {@code --fewShot}, {@code --maxSteps}, {@code --evalEvery} and {@code --patience} are {@code >=
   * 0}; {@code --maxSteps=0} trains {@code --finetuneEpochs} passes, which must be {@code > 0}.
   */
  public static void training(
      Integer fewShot, Integer maxSteps, Integer evalEvery, Integer patience, Integer epochs) {
    OptionChecks.nonNegative("--fewShot", fewShot);
    OptionChecks.nonNegative("--maxSteps", maxSteps);
    OptionChecks.nonNegative("--evalEvery", evalEvery);
    OptionChecks.nonNegative("--patience", patience);
    if (maxSteps == 0 && epochs <= 0) {
      throw new UserError("--maxSteps=0 trains --finetuneEpochs passes, which must be > 0");
    }
  }

  /** {@code --settings} names at least one setting. */
  public static List<String> settings(List<String> settings) {
    if (settings.isEmpty()) {
      throw new UserError("--settings names no setting (e.g. --settings=full,unprimed,primed)");
    }
    return settings;
  }

  /**
   * A setting is a safe path segment and, when primed, is not evaluated on a language it was primed
   * on.
   *
   * @param setting a setting of {@code --settings}
   * @param primed whether it fine-tunes a primed checkpoint
   * @param langs the target languages
   * @param primingSources the episodes stage's priming languages
   */
  public static void setting(
      String setting, boolean primed, List<String> langs, Set<String> primingSources) {
    PathSegments.check("--settings", setting);
    if (primed) {
      notPrimedOn(setting, langs, primingSources);
    }
  }

  /**
   * A primed setting is not evaluated on a language it was primed on.
   *
   * @param setting a primed setting
   * @param langs the target languages
   * @param primingSources the episodes stage's priming languages
   */
  static void notPrimedOn(String setting, List<String> langs, Set<String> primingSources) {
    List<String> leaked = langs.stream().filter(primingSources::contains).toList();
    if (!leaked.isEmpty()) {
      throw new UserError(
          "--targetLangs "
              + String.join(", ", leaked)
              + (leaked.size() == 1 ? " is a" : " are")
              + " priming source language"
              + (leaked.size() == 1 ? "" : "s")
              + " of the episodes stage: the primed setting '"
              + setting
              + "' would be evaluated on a language it was primed on");
    }
  }

  /**
   * The target languages are some, and each has train and dev sentences.
   *
   * @param langs the target languages (given or defaulted)
   * @param usable the languages with train and dev sentences in the encode output
   */
  public static void targetLangs(List<String> langs, List<String> usable) {
    if (langs.isEmpty()) {
      throw new UserError(
          "no target language: the encode output has no language with train and dev sentences"
              + " outside the priming languages; name them with --targetLangs");
    }
    List<String> unusable = langs.stream().filter(l -> !usable.contains(l)).toList();
    if (!unusable.isEmpty()) {
      throw new UserError(
          "--targetLangs "
              + String.join(", ", unusable)
              + ": fine-tuning needs train and dev sentences in the encode output, which has them"
              + " for "
              + (usable.isEmpty() ? "no language" : String.join(", ", usable)));
    }
  }

  /**
   * A setting's base checkpoint can read the run's inputs: its vocabulary holds the tokenizer's
   * pieces and its positions the longest encode window.
   *
   * @param setting the setting
   * @param directory the base checkpoint directory
   * @param config its model configuration
   * @param tokenizerSize the run's tokenizer size
   * @param maxLength encode's window length (0: unknown, not checked)
   */
  public static void baseFits(
      String setting, String directory, ModelConfig config, int tokenizerSize, int maxLength) {
    int positions = config.maxPositionEmbeddings() - config.positionOffset();
    if (config.vocabSize() < tokenizerSize || (maxLength > 0 && positions < maxLength)) {
      throw new UserError(
          "setting '"
              + setting
              + "': the base checkpoint "
              + directory
              + " has a vocabulary of "
              + config.vocabSize()
              + " and "
              + positions
              + " positions, but the run's tokenizer has "
              + tokenizerSize
              + " pieces and encode windows are up to "
              + maxLength
              + " subwords: make the base from this run's vocabulary (./primer pretrain)");
    }
  }
}

package dev.primer.finetune;

import dev.primer.learn.peft.FinetuneMethod;
import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * One fine-tuning task of the {@code finetune} fan-out: a target language, a setting (which base
 * checkpoint), a method and a seed.
 *
 * @param lang target language code
 * @param setting {@code full}, {@code unprimed} or a priming variant name
 * @param method method option name ({@link FinetuneMethod#optionName()})
 * @param seed the task's seed (initialisation of the head and PEFT modules, batch order, few-shot
 *     subset)
 * @param baseCheckpoint directory (URI, ending in '/') of the base checkpoint the task starts from
 */
public record FinetuneTask(
    String lang, String setting, String method, long seed, String baseCheckpoint)
    implements Serializable {

  /** Validates: no part of the id may be empty or contain '/'. */
  public FinetuneTask {
    requireSegment("lang", lang);
    requireSegment("setting", setting);
    requireSegment("method", method);
    Objects.requireNonNull(baseCheckpoint, "baseCheckpoint");
    if (!baseCheckpoint.endsWith("/")) {
      baseCheckpoint = baseCheckpoint + "/";
    }
  }

  private static void requireSegment(String what, String value) {
    if (value == null || value.isBlank() || value.contains("/") || value.startsWith(".")) {
      throw new IllegalArgumentException(
          "a fine-tuning task's " + what + " must be a plain path segment, got '" + value + "'");
    }
  }

  /** The stable id {@code <lang>/<setting>/<method>/seed=<s>}, also the task's directory. */
  public String id() {
    return String.format(Locale.ROOT, "%s/%s/%s/seed=%d", lang, setting, method, seed);
  }

  /** The method. */
  public FinetuneMethod finetuneMethod() {
    return FinetuneMethod.fromOptionName(method);
  }

  @Override
  public String toString() {
    return id();
  }
}

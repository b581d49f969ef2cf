package dev.primer.finetune;

import dev.primer.OptionNames;
import dev.primer.learn.peft.FinetuneMethod;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Expands target languages x settings x methods x seeds into {@link FinetuneTask}s.
 *
 * <p>The setting {@value #FULL} (full fine-tuning of the unprimed base) pairs only with the method
 * {@code full}; every other setting ({@value #UNPRIMED}, or a priming variant) pairs with each PEFT
 * method. {@code full} is therefore not a valid PEFT method: ask for {@code --settings=full}.
 */
public final class FinetunePlanner {

  /** Setting: full fine-tuning of the unprimed base ({@code pretrain/checkpoint/}). */
  public static final String FULL = "full";

  /** Setting: PEFT on the unprimed base ({@code pretrain/checkpoint/}). */
  public static final String UNPRIMED = "unprimed";

  private FinetunePlanner() {}

  /**
   * The tasks, in a stable order: by language, then setting, method and seed as given.
   *
   * @param langs target languages
   * @param settings {@value #FULL}, {@value #UNPRIMED} or priming variant names
   * @param methods PEFT method option names (used by every setting but {@value #FULL})
   * @param seeds task seeds
   * @param baseCheckpoint the base checkpoint directory of a setting
   * @return every task, each once
   * @throws IllegalArgumentException for an empty list, an unknown method, or {@code full} among
   *     the PEFT methods
   */
  public static List<FinetuneTask> plan(
      List<String> langs,
      List<String> settings,
      List<String> methods,
      List<Long> seeds,
      Function<String, String> baseCheckpoint) {
    List<String> langList = distinct(langs, "target language");
    List<String> settingList = distinct(settings, "setting");
    List<Long> seedList = List.copyOf(new LinkedHashSet<>(seeds));
    if (seedList.isEmpty()) {
      throw new IllegalArgumentException("no seed given");
    }
    boolean peftSettings = settingList.stream().anyMatch(s -> !s.equals(FULL));
    List<FinetuneMethod> peftMethods = new ArrayList<>();
    for (String m : new LinkedHashSet<>(methods)) {
      FinetuneMethod method = FinetuneMethod.fromOptionName(m);
      if (method.isFull()) {
        throw new IllegalArgumentException(
            "'full' is not a PEFT method: full fine-tuning is the setting 'full' (add it to the"
                + " settings)");
      }
      peftMethods.add(method);
    }
    if (peftSettings && peftMethods.isEmpty()) {
      throw new IllegalArgumentException(
          "settings " + settingList + " fine-tune with PEFT methods, but no method was given");
    }
    List<FinetuneTask> tasks = new ArrayList<>();
    for (String lang : langList) {
      for (String setting : settingList) {
        String base = baseCheckpoint.apply(setting);
        List<FinetuneMethod> forSetting =
            setting.equals(FULL) ? List.of(FinetuneMethod.FULL) : peftMethods;
        for (FinetuneMethod method : forSetting) {
          for (long seed : seedList) {
            tasks.add(new FinetuneTask(lang, setting, method.optionName(), seed, base));
          }
        }
      }
    }
    return tasks;
  }

  /**
   * Parses {@code --seeds}: one integer N means the seeds 1..N; a comma list names the seeds.
   *
   * @throws IllegalArgumentException when it is neither
   */
  public static List<Long> seeds(String spec) {
    String s = spec == null ? "" : spec.trim();
    try {
      if (!s.contains(",")) {
        long n = Long.parseLong(s);
        if (n < 1 || n > 1000) {
          throw new IllegalArgumentException(
              "--seeds=N asks for the seeds 1..N, N between 1 and 1000; got " + n);
        }
        List<Long> out = new ArrayList<>();
        for (long i = 1; i <= n; i++) {
          out.add(i);
        }
        return out;
      }
      Set<Long> out = new LinkedHashSet<>();
      for (String part : OptionNames.list(s)) {
        out.add(Long.parseLong(part));
      }
      if (out.isEmpty()) {
        throw new IllegalArgumentException("--seeds names no seed");
      }
      return List.copyOf(out);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--seeds must be a count N (seeds 1..N) or a comma list of integer seeds, got '"
              + spec
              + "'");
    }
  }

  private static List<String> distinct(List<String> values, String what) {
    List<String> out = List.copyOf(new LinkedHashSet<>(values));
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no " + what + " given");
    }
    return out;
  }
}

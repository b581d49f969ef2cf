package dev.primer.bench;

import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Command-line parsing shared by the benchmark mains: options are {@code --key value} or {@code
 * --key=value}; a flag (e.g. {@code --json}) takes no value and is passed on as {@code "true"}.
 */
public final class BenchArgs {

  private BenchArgs() {}

  /**
   * Passes every option of {@code args} to {@code setter} in order (the setter throws {@link
   * IllegalArgumentException} for keys it does not know).
   *
   * @throws IllegalArgumentException for an argument that is not an option, or a missing value
   */
  public static void parse(String[] args, Set<String> flags, BiConsumer<String, String> setter) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("not an option: " + arg);
      }
      int eq = arg.indexOf('=');
      if (eq > 0) {
        setter.accept(arg.substring(0, eq), arg.substring(eq + 1));
      } else if (flags.contains(arg)) {
        setter.accept(arg, "true");
      } else if (i + 1 < args.length) {
        setter.accept(arg, args[++i]);
      } else {
        throw new IllegalArgumentException("missing value for " + arg);
      }
    }
  }
}

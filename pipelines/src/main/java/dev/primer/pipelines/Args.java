package dev.primer.pipelines;

import java.util.List;
import java.util.Optional;

/** Reads single {@code --name=value} flags from a command line before full option parsing. */
final class Args {

  private Args() {}

  /** The value of the last {@code --name=value} flag, if present. */
  static Optional<String> value(List<String> args, String name) {
    String prefix = "--" + name + "=";
    String found = null;
    for (String arg : args) {
      if (arg.startsWith(prefix)) {
        found = arg.substring(prefix.length());
      }
    }
    return Optional.ofNullable(found);
  }

  /** True when the flag is given, with or without a value. */
  static boolean has(List<String> args, String name) {
    return args.stream()
        .anyMatch(arg -> arg.equals("--" + name) || arg.startsWith("--" + name + "="));
  }

  /** Adds {@code --name=value} unless the flag is already given. */
  static void addDefault(List<String> args, String name, String value) {
    if (!has(args, name)) {
      args.add("--" + name + "=" + value);
    }
  }
}

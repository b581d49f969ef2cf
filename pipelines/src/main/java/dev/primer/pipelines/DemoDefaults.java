package dev.primer.pipelines;

/** The option values the demo uses unless the user gives others. */
final class DemoDefaults {

  /** Pairs of (option name, value). */
  static final String[][] OPTIONS = {};

  private DemoDefaults() {}
}

package dev.primer.pipelines;

/** The option values the demo uses unless the user gives others. */
final class DemoDefaults {

  /** Pairs of (option name, value). */
  static final String[][] OPTIONS = {
    // The demo corpus has ~1,100 mergeable pieces; a learned vocabulary keeps it self-contained.
    {"vocabMode", "learn"}, {"vocabSize", "1000"}, {"maxLength", "64"},
  };

  private DemoDefaults() {}
}

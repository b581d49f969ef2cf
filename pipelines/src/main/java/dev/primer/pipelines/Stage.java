package dev.primer.pipelines;

/**
 * One step of the primer workflow (stage, vocab, encode, ...). A stage reads its inputs (raw files
 * or upstream stages' committed outputs, through {@link StageContext#upstream}), writes only into
 * its attempt directory ({@link StageContext#outputDirectory()}, below {@code
 * <runRoot>/<runId>/<name>/}) and its work area ({@link StageContext#workDirectory()}), and
 * describes what it did in the manifest that {@link StageRunner} writes last, as the commit.
 *
 * <p>{@link #plan} resolves everything once (options into the stage's settings, upstream manifests,
 * input files with their digests) into an immutable plan that {@link #run} receives: run never
 * re-reads what plan resolved.
 *
 * @param <O> the stage's options interface
 * @param <P> the stage's plan: an immutable record of what plan resolved
 */
public interface Stage<O extends PrimerOptions, P> {

  /** The stage's name: its subcommand and its directory under the run. */
  String name();

  /** One line saying what the stage does, for {@code --help}. */
  String summary();

  /** The options interface the stage reads. */
  Class<O> optionsClass();

  /**
   * Checks options and inputs before anything is written, records the inputs (files with their
   * SHA-256, upstream manifests) in the context, and returns what it resolved; throws {@link
   * dev.primer.UserError} for anything the user must fix. Called before the cache key is computed,
   * so it runs even when the stored output turns out to be up to date.
   */
  P plan(O options, StageContext context) throws Exception;

  /**
   * Does the work from the plan: builds and runs the Beam pipeline (or the driver-side work) and
   * records counts, dead letters and outputs in the context's manifest.
   */
  void run(O options, P plan, StageContext context) throws Exception;

  /**
   * Lines the launcher prints under the stage's outcome line, from its manifest (fresh or reused):
   * what a user should notice before going on. None by default.
   */
  default java.util.List<String> consoleSummary(dev.primer.io.Manifest manifest) {
    return java.util.List.of();
  }

  /**
   * The plan of a stage whose {@link #plan} only checks options and records inputs: everything
   * {@link #run} needs is in the options and the context.
   */
  enum Checked {
    /** Options and inputs passed the checks. */
    OK
  }
}

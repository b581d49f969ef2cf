package dev.primer.pipelines;

import dev.primer.io.RunLayout;
import java.io.PrintStream;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;

/**
 * What {@code ./primer status} and {@code ./primer verify} share: the stages of a registry, where
 * they print, and the run that {@code --runRoot} and {@code --runId} name (Beam's file systems set
 * from the same options, so that a run under {@code gs://} reads as a local one).
 */
abstract class RunCommand {

  final StageRegistry registry;
  final PrintStream out;

  RunCommand(StageRegistry registry, PrintStream out) {
    this.registry = registry;
    this.out = out;
  }

  /** The run the arguments name; sets Beam's file systems from them. */
  static RunLayout layout(List<String> args) {
    PrimerOptions options = Primer.parseOptions(args, PrimerOptions.class);
    FileSystems.setDefaultPipelineOptions(options);
    return new RunLayout(options.getRunRoot(), options.getRunId());
  }
}

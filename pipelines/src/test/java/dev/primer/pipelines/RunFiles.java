package dev.primer.pipelines;

import dev.primer.io.CommittedStage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Test access to a run's files the way every reader must take: through the committed manifest of
 * the stage ({@link CommittedStage}), never by guessing an attempt directory.
 */
final class RunFiles {

  private RunFiles() {}

  /**
   * {@code <run>/<stage>/<rest>} resolved through the stage's committed manifest: {@code
   * <run>/<stage>/<attempt>/<rest>}. The manifest itself stays {@code
   * <run>/<stage>/_MANIFEST.json}; a stage without a manifest (not committed) resolves to its stage
   * directory, where no output ever is.
   *
   * @param stagePath {@code stage} or {@code stage/relative/path}
   */
  static Path committed(Path run, String stagePath) {
    int slash = stagePath.indexOf('/');
    String stage = slash < 0 ? stagePath : stagePath.substring(0, slash);
    String rest = slash < 0 ? "" : stagePath.substring(slash + 1);
    Path stageDirectory = run.resolve(stage);
    if (rest.startsWith("_MANIFEST.json")) {
      return stageDirectory.resolve(rest);
    }
    Path output = output(stageDirectory);
    return rest.isEmpty() ? output : output.resolve(rest);
  }

  /** The one attempt directory of a stage directory (fails unless there is exactly one). */
  static Path onlyAttempt(Path stageDirectory) {
    try (java.util.stream.Stream<Path> list = java.nio.file.Files.list(stageDirectory)) {
      List<Path> attempts =
          list.filter(p -> p.getFileName().toString().startsWith("attempt-")).toList();
      if (attempts.size() != 1) {
        throw new AssertionError("expected one attempt in " + stageDirectory + ": " + attempts);
      }
      return attempts.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The committed output directory of a stage directory (itself when not committed). */
  static Path output(Path stageDirectory) {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    try {
      return CommittedStage.read(
              stageDirectory.getFileName().toString(),
              dev.primer.io.ResourceIO.directory(stageDirectory.toAbsolutePath() + "/"))
          .map(c -> Path.of(c.outputDirectory().toString()))
          .orElse(stageDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

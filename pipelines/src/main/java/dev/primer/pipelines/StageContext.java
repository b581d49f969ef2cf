package dev.primer.pipelines;

import dev.primer.UserError;
import dev.primer.io.CommittedStage;
import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import dev.primer.io.RunLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * What a running stage knows about its run, and the manifest it is filling in. The stage writes
 * only into its attempt directory ({@link #outputDirectory()}: {@code
 * <runRoot>/<runId>/<stage>/attempt-.../}), which the runner commits by writing the manifest, and
 * reads upstream stages only through their committed manifests ({@link #upstream}).
 */
public final class StageContext {

  private final String stage;
  private final RunLayout layout;
  private final Manifest manifest;
  private final String attempt;
  private final Map<String, CommittedStage> upstreams = new HashMap<>();

  StageContext(String stage, RunLayout layout, Manifest manifest) {
    this(stage, layout, manifest, RunLayout.newAttemptName());
  }

  StageContext(String stage, RunLayout layout, Manifest manifest, String attempt) {
    this.stage = stage;
    this.layout = layout;
    this.manifest = manifest;
    this.attempt = attempt;
  }

  /** The stage's name. */
  public String stage() {
    return stage;
  }

  /** The run's layout. */
  public RunLayout layout() {
    return layout;
  }

  /** The manifest being filled in; written by the runner when the stage ends. */
  public Manifest manifest() {
    return manifest;
  }

  /** The name of this attempt's directory, relative to the stage directory. */
  public String attempt() {
    return attempt;
  }

  /**
   * This stage's output directory: the attempt directory {@code <stage>/attempt-.../}, which no
   * reader looks into until the runner commits it.
   */
  public ResourceId outputDirectory() {
    return layout.attemptDirectory(stage, attempt);
  }

  /** A path inside this stage's output directory, as a string for Beam IOs. */
  public String output(String relativePath) {
    return outputFile(relativePath).toString();
  }

  /** A file inside this stage's output directory. */
  public ResourceId outputFile(String relativePath) {
    return ResourceIO.child(outputDirectory(), relativePath);
  }

  /** A sub-directory of this stage's output directory, as a string ending in '/'. */
  public String outputDirectory(String relativePath) {
    return ResourceIO.childDirectory(outputDirectory(), relativePath).toString();
  }

  /**
   * The stage's work area {@code <stage>/_work/}: what a failed attempt leaves for the next one to
   * resume from (the stage checks it fits before using it); removed once an attempt commits, and by
   * {@code --force}.
   */
  public ResourceId workDirectory() {
    return layout.workDirectory(stage);
  }

  /**
   * Reads the committed manifest of an upstream stage of the same run and records it as an input of
   * this stage; fails with a clear message when that stage has not completed.
   */
  public Manifest requireUpstream(String upstreamStage) throws IOException {
    CommittedStage upstream = upstream(upstreamStage);
    manifest.upstream.put(
        upstreamStage,
        new Manifest.Upstream(upstream.manifestFile().toString(), upstream.manifest().cacheKey));
    return upstream.manifest();
  }

  /**
   * An upstream stage of the same run as its committed manifest describes it (read once per
   * context); fails with a clear message when that stage has not completed.
   */
  public CommittedStage upstream(String upstreamStage) throws IOException {
    CommittedStage known = upstreams.get(upstreamStage);
    if (known != null) {
      return known;
    }
    CommittedStage committed =
        CommittedStage.read(layout, upstreamStage)
            .orElseThrow(
                () ->
                    new UserError(
                        "stage '"
                            + stage
                            + "' needs the output of stage '"
                            + upstreamStage
                            + "', but "
                            + layout.manifest(upstreamStage)
                            + " does not exist: run './primer "
                            + upstreamStage
                            + " --runRoot="
                            + layout.runRoot()
                            + " --runId="
                            + layout.runId()
                            + "' first (or './primer run --stages="
                            + upstreamStage
                            + ","
                            + stage
                            + " ...')."));
    upstreams.put(upstreamStage, committed);
    return committed;
  }

  /** The committed output directory of an upstream stage, as a string ending in '/'. */
  public String upstreamDirectory(String upstreamStage) throws IOException {
    return upstream(upstreamStage).outputDirectory().toString();
  }

  /** A file of an upstream stage's committed output. */
  public ResourceId upstreamFile(String upstreamStage, String relativePath) throws IOException {
    return upstream(upstreamStage).file(relativePath);
  }

  /**
   * Records every file matching the patterns as an input (URI, size, SHA-256). Fails with a clear
   * message naming each pattern that matches nothing.
   */
  public void recordInputFiles(List<String> patterns) throws IOException {
    for (String pattern : patterns) {
      List<MatchResult.Metadata> files = ResourceIO.list(pattern);
      if (files.isEmpty()) {
        throw new UserError("no input file matches '" + pattern + "'");
      }
      for (MatchResult.Metadata file : files) {
        recordInputFile(file.resourceId());
      }
    }
  }

  /** Records one input file (URI, size, SHA-256). */
  public void recordInputFile(ResourceId file) throws IOException {
    long size = FileSystems.matchSingleFileSpec(file.toString()).sizeBytes();
    manifest.inputs.add(new Manifest.Input(file.toString(), ResourceIO.sha256(file), size));
  }

  /**
   * Records a local file, or every regular file of a local directory (not recursively, sorted), as
   * inputs (URI, size, SHA-256): weights given by path, e.g. {@code --weights}.
   */
  public void recordLocalInputs(Path fileOrDirectory) throws IOException {
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(fileOrDirectory)) {
      try (Stream<Path> list = Files.list(fileOrDirectory)) {
        list.filter(Files::isRegularFile).sorted().forEach(files::add);
      }
    } else {
      files.add(fileOrDirectory);
    }
    for (Path f : files) {
      recordInputFile(ResourceIO.file(f.toAbsolutePath().toString()));
    }
  }
}

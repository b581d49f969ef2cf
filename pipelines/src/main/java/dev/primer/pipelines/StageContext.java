package dev.primer.pipelines;

import dev.primer.UserError;
import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import dev.primer.io.RunLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;

/** What a running stage knows about its run, and the manifest it is filling in. */
public final class StageContext {

  private final String stage;
  private final RunLayout layout;
  private final Manifest manifest;

  StageContext(String stage, RunLayout layout, Manifest manifest) {
    this.stage = stage;
    this.layout = layout;
    this.manifest = manifest;
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

  /** This stage's output directory. */
  public ResourceId outputDirectory() {
    return layout.stageDirectory(stage);
  }

  /** A path inside this stage's output directory, as a string for Beam IOs. */
  public String output(String relativePath) {
    return layout.stageFile(stage, relativePath).toString();
  }

  /** A sub-directory of this stage's output directory, as a string ending in '/'. */
  public String outputDirectory(String relativePath) {
    return layout.stageSubdirectory(stage, relativePath).toString();
  }

  /**
   * Reads the manifest of an upstream stage of the same run and records it as an input of this
   * stage; fails with a clear message when that stage has not completed.
   */
  public Manifest requireUpstream(String upstreamStage) throws IOException {
    ResourceId manifestFile = layout.manifest(upstreamStage);
    if (!ResourceIO.exists(manifestFile)) {
      throw new UserError(
          "stage '"
              + stage
              + "' needs the output of stage '"
              + upstreamStage
              + "', but "
              + manifestFile
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
              + " ...').");
    }
    Manifest upstream = Manifest.fromJson(ResourceIO.readString(manifestFile));
    manifest.upstream.put(
        upstreamStage, new Manifest.Upstream(manifestFile.toString(), upstream.cacheKey));
    return upstream;
  }

  /** The output directory of an upstream stage, as a string ending in '/'. */
  public String upstreamDirectory(String upstreamStage) {
    return layout.stageDirectory(upstreamStage).toString();
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

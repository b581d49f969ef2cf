package dev.primer.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import dev.primer.UserError;
import dev.primer.export.ExportFormat;
import dev.primer.export.ExportSource;
import dev.primer.export.ModelExporter;
import dev.primer.io.CommittedStage;
import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import dev.primer.io.RunLayout;
import dev.primer.io.StageArtifacts;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * {@code ./primer export --format=adapters|peft|transformers --exportDir=DIR [--task=T |
 * --checkpoint=DIR]}: writes the run's fine-tuned models (every task of {@code
 * <runRoot>/<runId>/finetune/tasks/}, or one) or any checkpoint in the layouts the Python libraries
 * load (see {@link ModelExporter}); {@code --weights} reads them back ({@code
 * dev.primer.export.ExportedModels}).
 *
 * <p>Exports {@code <exportDir>/<lang>/<setting>/<method>/seed=<s>/} per task, or {@code
 * <exportDir>/} for {@code --checkpoint}. A task whose method the format cannot hold is skipped
 * with its reason printed; when no task can be exported, or the one asked for cannot, the command
 * fails with that reason (exit 2).
 */
final class ExportCommand {

  static final String SUMMARY =
      "writes fine-tuned models as AdapterHub adapters, PEFT LoRA or transformers models";

  static final String USAGE =
      "primer export --format=adapters|peft|transformers --exportDir=DIR"
          + " [--runRoot=R --runId=ID [--task=LANG/SETTING/METHOD/seed=S] | --checkpoint=DIR]"
          + " [--tokenizer=tokenizer.json]";

  private static final String CHECKPOINT_FILE = dev.primer.learn.checkpoint.CheckpointManifest.FILE;

  private final PrintStream out;

  ExportCommand(PrintStream out) {
    this.out = out;
  }

  void run(List<String> args) throws IOException {
    ExportOptions options = Primer.parseOptions(args, ExportOptions.class);
    FileSystems.setDefaultPipelineOptions(options);
    ExportFormat format = options.getFormat();
    if (format == null) {
      throw new UserError("export needs --format=adapters|peft|transformers; usage: " + USAGE);
    }
    if (options.getExportDir().isBlank()) {
      throw new UserError("export needs --exportDir=DIR; usage: " + USAGE);
    }
    String exportDir = withSlash(options.getExportDir().trim());
    if (!options.getCheckpoint().isBlank()) {
      if (!options.getTask().isBlank()) {
        throw new UserError("give either --checkpoint or --task, not both");
      }
      String checkpoint =
          withSlash(
              CommittedStage.resolveUserPath(
                  options.getCheckpoint().trim(), EvaluatePlan.USER_PATH_DEPTH));
      ResourceId manifest = ResourceIO.child(ResourceIO.directory(checkpoint), CHECKPOINT_FILE);
      if (!ResourceIO.exists(manifest)) {
        throw new UserError(
            manifest + " is missing: " + checkpoint + " is not a (complete) primer checkpoint");
      }
      ResourceId tokenizer = tokenizerFor(options, checkpoint);
      ExportSource source = ExportSource.read(checkpoint, tokenizer);
      print(checkpoint, ModelExporter.export(source, format, ResourceIO.directory(exportDir)));
      return;
    }
    RunLayout layout = new RunLayout(options.getRunRoot(), options.getRunId());
    TreeMap<String, String> tasks = tasks(layout);
    if (tasks.isEmpty()) {
      throw new UserError(
          "run '"
              + layout.runId()
              + "' under "
              + layout.runRoot()
              + " has no fine-tuning task ("
              + layout.stageDirectory(StageArtifacts.FINETUNE)
              + "<committed attempt>/tasks/*/*/*/seed=*/result.json): run './primer finetune' or"
              + " pass --checkpoint");
    }
    String only = options.getTask().trim();
    if (!only.isEmpty() && !tasks.containsKey(only)) {
      throw new UserError(
          "--task "
              + only
              + " is not a fine-tuning task of run '"
              + layout.runId()
              + "'; tasks: "
              + tasks.keySet());
    }
    ResourceId tokenizer = runTokenizer(options, layout);
    List<String> skipped = new ArrayList<>();
    int exported = 0;
    for (var task : tasks.entrySet()) {
      if (!only.isEmpty() && !task.getKey().equals(only)) {
        continue;
      }
      ExportSource source = ExportSource.read(task.getValue(), tokenizer);
      try {
        print(
            task.getKey(),
            ModelExporter.export(
                source, format, ResourceIO.directory(exportDir + task.getKey() + "/")));
        exported++;
      } catch (UserError e) {
        if (!only.isEmpty()) {
          throw e;
        }
        skipped.add(task.getKey() + ": " + e.getMessage());
      }
    }
    for (String s : skipped) {
      out.println("skipped " + s);
    }
    if (exported == 0) {
      throw new UserError(
          "no task of run '"
              + layout.runId()
              + "' can be exported as --format="
              + format.optionName()
              + " (see the reasons above)");
    }
    out.println(
        "exported "
            + exported
            + " of "
            + (only.isEmpty() ? tasks.size() : 1)
            + " tasks to "
            + exportDir);
  }

  private void print(String what, ModelExporter.Result result) {
    out.println(what + " -> " + result.directory() + " (" + result.layout() + ")");
    for (String note : result.notes()) {
      out.println("  note: " + note);
    }
  }

  /**
   * Task id to its checkpoint directory, from every {@code result.json} of the finetune stage's
   * committed output (none when the stage has not committed).
   */
  static TreeMap<String, String> tasks(RunLayout layout) throws IOException {
    Optional<CommittedStage> finetune = CommittedStage.read(layout, StageArtifacts.FINETUNE);
    if (finetune.isEmpty()) {
      return new TreeMap<>();
    }
    String tasksDir = finetune.get().directory(StageArtifacts.FINETUNE_TASKS).toString();
    TreeMap<String, String> out = new TreeMap<>();
    for (MatchResult.Metadata m :
        ResourceIO.list(tasksDir + "*/*/*/seed=*/" + StageArtifacts.FINETUNE_RESULT)) {
      String file = m.resourceId().toString();
      String taskDir = file.substring(0, file.length() - StageArtifacts.FINETUNE_RESULT.length());
      String[] parts = taskDir.substring(0, taskDir.length() - 1).split("/");
      String id = String.join("/", List.of(parts).subList(parts.length - 4, parts.length));
      JsonNode result = Manifest.mapper().readTree(ResourceIO.readBytes(m.resourceId()));
      String location = result.path("checkpoint").path("location").asText("");
      if (location.isEmpty()) {
        throw new UserError(file + " names no checkpoint location: rerun './primer finetune'");
      }
      out.put(id, taskDir + location);
    }
    return out;
  }

  private static ResourceId runTokenizer(ExportOptions options, RunLayout layout)
      throws IOException {
    if (!options.getTokenizer().isBlank()) {
      return existing(options.getTokenizer());
    }
    Optional<CommittedStage> vocab = CommittedStage.read(layout, StageArtifacts.VOCAB);
    ResourceId file =
        vocab.isPresent()
            ? vocab.get().file(StageArtifacts.TOKENIZER)
            : layout.stageFile(StageArtifacts.VOCAB, StageArtifacts.TOKENIZER);
    if (!ResourceIO.exists(file)) {
      throw new UserError(file + " is missing: pass --tokenizer=PATH/tokenizer.json");
    }
    return file;
  }

  /**
   * The flag; else {@code tokenizer.json} in the checkpoint directory; else the {@code
   * vocab/tokenizer.json} of the run holding it (searched upwards, read through the vocab stage's
   * committed manifest).
   */
  private static ResourceId tokenizerFor(ExportOptions options, String checkpoint)
      throws IOException {
    if (!options.getTokenizer().isBlank()) {
      return existing(options.getTokenizer());
    }
    String dir = checkpoint;
    for (int up = 0; up < EvaluatePlan.USER_PATH_DEPTH && dir != null; up++) {
      ResourceId file =
          up == 0
              ? ResourceIO.child(ResourceIO.directory(dir), StageArtifacts.TOKENIZER)
              : RunArtifacts.committedTokenizer(dir);
      if (file != null && ResourceIO.exists(file)) {
        return file;
      }
      dir = parent(dir);
    }
    throw new UserError(
        "no tokenizer.json next to "
            + checkpoint
            + " or in the vocab stage of its run: pass --tokenizer=PATH/tokenizer.json");
  }

  private static ResourceId existing(String spec) throws IOException {
    ResourceId file = ResourceIO.file(spec);
    if (!ResourceIO.exists(file)) {
      throw new UserError("--tokenizer " + spec + ": no such file");
    }
    return file;
  }

  private static String parent(String dir) {
    String trimmed = dir.substring(0, dir.length() - 1);
    int slash = trimmed.lastIndexOf('/');
    return slash < 0 ? null : trimmed.substring(0, slash + 1);
  }

  private static String withSlash(String spec) {
    return spec.endsWith("/") ? spec : spec + "/";
  }
}

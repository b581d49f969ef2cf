package dev.primer.pipelines;

import dev.primer.UserError;
import dev.primer.export.ExportedModels;
import dev.primer.io.CommittedStage;
import dev.primer.io.FileSystemsCheckpointStore;
import dev.primer.io.LocalCopies;
import dev.primer.io.ResourceIO;
import dev.primer.learn.EncoderMaskedLmScorer;
import dev.primer.learn.FillMask;
import dev.primer.learn.checkpoint.Checkpoint;
import dev.primer.learn.checkpoint.CheckpointKind;
import dev.primer.learn.checkpoint.CheckpointManifest;
import dev.primer.learn.checkpoint.CheckpointReader;
import dev.primer.learn.weights.ImportedModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * {@code ./primer fill-mask --weights=PATH [--tokenizer=tokenizer.json] [--topK=5] "text with
 * [MASK]"}: loads pretrained weights into the project's encoder and prints the most probable pieces
 * for every mask token with their probabilities. The quick check that an import (or a masked-LM
 * pretraining) is right: mBERT completes {@code Paris is the [MASK] of France.} with {@code
 * capital}.
 */
final class FillMaskCommand {

  static final String SUMMARY =
      "the most probable pieces for each [MASK] of a text under pretrained weights";

  static final String USAGE =
      "primer fill-mask --weights=PATH_OR_URI [--tokenizer=tokenizer.json] [--topK=5]"
          + " \"text with [MASK]\"";

  private static final Pattern URI = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");

  private final PrintStream out;

  FillMaskCommand(PrintStream out) {
    this.out = out;
  }

  void run(List<String> args) throws IOException {
    List<String> options = new ArrayList<>();
    List<String> words = new ArrayList<>();
    for (String arg : args) {
      (arg.startsWith("--") ? options : words).add(arg);
    }
    FillMaskOptions opts = parse(options);
    FileSystems.setDefaultPipelineOptions(opts);
    String text = String.join(" ", words).strip();
    if (text.isEmpty()) {
      throw new UserError("fill-mask needs a text holding [MASK]; usage: " + USAGE);
    }
    if (!text.contains("[MASK]") && !text.contains("<mask>")) {
      throw new UserError("the text holds no [MASK] (or <mask>) token: " + text);
    }
    if (opts.getTopK() < 1) {
      throw new UserError("--topK must be at least 1, got " + opts.getTopK());
    }
    String weights = opts.getWeights();
    if (weights == null || weights.isBlank()) {
      throw new UserError("fill-mask needs --weights=PATH_OR_URI; usage: " + USAGE);
    }
    weights = CommittedStage.resolveUserPath(weights, EvaluatePlan.USER_PATH_DEPTH);
    if (!isUri(weights) && !Files.exists(localPath(weights))) {
      throw new UserError("--weights " + weights + ": no such file or directory");
    }
    ResourceId tokenizer = tokenizer(opts.getTokenizer(), weights);
    try (EncoderMaskedLmScorer model = EncoderMaskedLmScorer.of(importWeights(weights));
        InputStream tokenizerJson = ResourceIO.open(tokenizer);
        FillMask fill = FillMask.create(tokenizerJson, tokenizer.toString(), model)) {
      List<List<FillMask.Prediction>> predictions;
      try {
        predictions = fill.predict(text, opts.getTopK());
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage(), e);
      }
      out.println(text);
      for (int m = 0; m < predictions.size(); m++) {
        if (predictions.size() > 1) {
          out.println(fill.maskToken() + " " + (m + 1) + ":");
        }
        List<FillMask.Prediction> top = predictions.get(m);
        for (int i = 0; i < top.size(); i++) {
          FillMask.Prediction p = top.get(i);
          out.printf(Locale.ROOT, "  %d. %-20s %.4f%n", i + 1, p.piece(), p.probability());
        }
      }
    }
  }

  private static FillMaskOptions parse(List<String> options) {
    return Primer.parseOptions(options, FillMaskOptions.class);
  }

  /**
   * The tokenizer: the flag; else {@code tokenizer.json} in the weights directory; else, for a
   * local checkpoint of a run's stage ({@code <run>/pretrain/<attempt>/checkpoint}), the run's
   * committed {@code vocab/tokenizer.json}.
   */
  private static ResourceId tokenizer(String flag, String weights) throws IOException {
    if (flag != null && !flag.isBlank()) {
      ResourceId file = ResourceIO.file(flag);
      if (!ResourceIO.exists(file)) {
        throw new UserError("--tokenizer " + flag + ": no such file");
      }
      return file;
    }
    if (isUri(weights)) {
      ResourceId file =
          ResourceIO.child(
              ResourceIO.directory(weights.endsWith("/") ? weights : weights + "/"),
              "tokenizer.json");
      if (ResourceIO.exists(file)) {
        return file;
      }
    } else {
      Path dir = localPath(weights).toAbsolutePath();
      if (Files.isDirectory(dir)) {
        if (Files.isRegularFile(dir.resolve("tokenizer.json"))) {
          return ResourceIO.file(dir.resolve("tokenizer.json").toString());
        }
        // <run>/pretrain/checkpoint (a run written before attempts) or
        // <run>/pretrain/attempt-.../checkpoint: the run's committed vocab stage
        for (Path run = dir.getParent(); run != null; run = run.getParent()) {
          if (dir.getNameCount() - run.getNameCount() > 3) {
            break;
          }
          ResourceId file = RunArtifacts.committedTokenizer(run + "/");
          if (file != null && ResourceIO.exists(file)) {
            return file;
          }
        }
      }
    }
    throw new UserError(
        "no tokenizer.json next to " + weights + "; pass --tokenizer=PATH/tokenizer.json");
  }

  private static Path localPath(String spec) {
    return spec.startsWith("file:") ? Path.of(java.net.URI.create(spec)) : Path.of(spec);
  }

  private static boolean isUri(String spec) {
    return URI.matcher(spec).matches() && !spec.startsWith("file:");
  }

  /** Weights from a local path (any format) or a checkpoint directory on any file system. */
  private static ImportedModel importWeights(String weights) throws IOException {
    if (!isUri(weights)) {
      Path path = localPath(weights);
      if (!Files.exists(path)) {
        throw new UserError("--weights " + weights + ": no such file or directory");
      }
      try {
        if (ExportedModels.isExportDirectory(path)) {
          return ExportedModels.read(ResourceIO.directory(path.toAbsolutePath() + "/"));
        }
        return dev.primer.learn.PretrainedWeights.load(path);
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage(), e);
      }
    }
    ResourceId dir = ResourceIO.directory(weights.endsWith("/") ? weights : weights + "/");
    if (ExportedModels.isExport(dir)) {
      return ExportedModels.read(dir);
    }
    if (!ResourceIO.exists(ResourceIO.child(dir, CheckpointManifest.FILE))) {
      // another format (HuggingFace directory, TensorFlow jar or zip): read from a local copy
      if (!LocalCopies.exists(weights)) {
        throw new UserError("--weights " + weights + ": no such file or directory");
      }
      try {
        return dev.primer.learn.PretrainedWeights.load(LocalCopies.of(weights));
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage(), e);
      }
    }
    try {
      Checkpoint c = CheckpointReader.read(FileSystemsCheckpointStore.forSpec(weights));
      if (c.manifest().kind() == CheckpointKind.PEFT) {
        throw new UserError(weights + " is a PEFT-only checkpoint: it holds no encoder weights");
      }
      return new ImportedModel(c.config().model(), c.tensors(), List.of(), weights);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
  }
}

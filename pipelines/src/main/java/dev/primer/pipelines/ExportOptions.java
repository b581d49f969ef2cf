package dev.primer.pipelines;

import dev.primer.export.ExportFormat;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * Options of {@code ./primer export}. Properties shared with other commands ({@code checkpoint}
 * with evaluate, {@code tokenizer} with vocab and fill-mask) keep their type and default.
 */
public interface ExportOptions extends PrimerOptions {

  @Description(
      "The layout to write: adapters (AdapterHub bottleneck adapters: Houlsby, Pfeiffer), peft"
          + " (HF PEFT LoRA) or transformers (a whole HF BertForTokenClassification; LoRA merged,"
          + " BitFit's biases in place; adapters as base + AdapterHub adapter side by side).")
  ExportFormat getFormat();

  void setFormat(ExportFormat value);

  @Description(
      "Where to write (path or URI on any Beam file system): one sub-directory per fine-tuning"
          + " task, named like the task (<lang>/<setting>/<method>/seed=<s>), or, with"
          + " --checkpoint, the export itself.")
  @Default.String("")
  String getExportDir();

  void setExportDir(String value);

  @Description(
      "Export only this fine-tuning task of the run (<lang>/<setting>/<method>/seed=<s>);"
          + " default: every task of the run's finetune stage.")
  @Default.String("")
  String getTask();

  void setTask(String value);

  @Description(
      "A primer checkpoint directory (path or URI) to export instead of the run's tasks: a base,"
          + " a full fine-tuning, or a PEFT-only checkpoint (joined with the base its manifest"
          + " records).")
  @Default.String("")
  String getCheckpoint();

  void setCheckpoint(String value);

  @Description(
      "HuggingFace tokenizer.json (path or URI) to ship with the export; default: the run's"
          + " vocab/tokenizer.json (for --checkpoint, the vocab stage of the run holding it).")
  @Default.String("")
  String getTokenizer();

  void setTokenizer(String value);
}

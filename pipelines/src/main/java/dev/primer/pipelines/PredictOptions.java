package dev.primer.pipelines;

import dev.primer.learn.peft.FinetuneMethod;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of the {@code predict} stage (tag raw text). */
public interface PredictOptions extends TrainingOptions {

  @Description(
      "Inputs, comma separated: lang=xx:PATTERN (raw text, one sentence per line),"
          + " jsonl:PATTERN ({\"lang\":\"xx\",\"text\":\"...\"} per line) or tsv:lang=xx:PATTERN"
          + " (pre-tokenized, one token per line, blank line between sentences). Files or globs"
          + " on any Beam file system, .gz recognised.")
  @Default.String("")
  String getPredictInput();

  void setPredictInput(String value);

  @Description(
      "Adapters, comma separated lang=DIR, DIR a fine-tuning task directory (holding"
          + " result.json and peft/ or full/). Empty: the run's finetune task of every language"
          + " with --adapterSetting, --adapterMethod and --adapterSeed.")
  @Default.String("")
  String getAdapters();

  void setAdapters(String value);

  @Description("Setting of the run's finetune tasks used as adapters (when --adapters is empty).")
  @Default.String("unprimed")
  String getAdapterSetting();

  void setAdapterSetting(String value);

  @Description("Method of the run's finetune tasks used as adapters (when --adapters is empty).")
  @Default.Enum("ADAPTER_HOULSBY")
  FinetuneMethod getAdapterMethod();

  void setAdapterMethod(FinetuneMethod value);

  @Description("Seed of the run's finetune tasks used as adapters (when --adapters is empty).")
  @Default.Long(1)
  Long getAdapterSeed();

  void setAdapterSeed(Long value);

  @Description(
      "Language whose adapter tags lines of languages without one; empty: such lines go to the"
          + " dead letters (UNKNOWN_LANGUAGE).")
  @Default.String("")
  String getFallbackAdapter();

  void setFallbackAdapter(String value);

  @Description("Windows per forward pass (length-bucketed).")
  @Default.Integer(32)
  Integer getPredictBatchSize();

  void setPredictBatchSize(Integer value);

  @Description("Lines of one language handed to the tagger at a time.")
  @Default.Integer(256)
  Integer getLinesPerBatch();

  void setLinesPerBatch(Integer value);
}

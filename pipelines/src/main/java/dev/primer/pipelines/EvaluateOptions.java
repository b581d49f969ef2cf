package dev.primer.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of the {@code evaluate} stage (score checkpoints on encoded corpora). */
public interface EvaluateOptions extends TrainingOptions {

  @Description("Splits to score, comma separated (e.g. dev,test).")
  @Default.String("dev")
  String getEvalSplits();

  void setEvalSplits(String value);

  @Description(
      "Fine-tuning settings whose task models are scored, comma separated; empty: every setting"
          + " of the run's finetune stage. Ignored with --checkpoint.")
  @Default.String("")
  String getEvalSettings();

  void setEvalSettings(String value);

  @Description(
      "Fine-tuning methods whose task models are scored, comma separated (full,"
          + " adapter-houlsby, ...); empty: every method. Ignored with --checkpoint.")
  @Default.String("")
  String getEvalMethods();

  void setEvalMethods(String value);

  @Description(
      "Fine-tuning seeds whose task models are scored, comma separated; empty: every seed."
          + " Ignored with --checkpoint.")
  @Default.String("")
  String getEvalSeeds();

  void setEvalSeeds(String value);

  @Description(
      "A checkpoint directory (path or URI) holding a whole tagger (a fully fine-tuned model, with"
          + " its classifier) to score on every language of the corpora, instead of the run's"
          + " finetune task models.")
  @Default.String("")
  String getCheckpoint();

  void setCheckpoint(String value);

  @Description(
      "Further corpora to score, comma separated NAME=PATH, PATH being an encode stage directory"
          + " (holding encoded/ and labels.json), e.g. another run's encode/ with a test split"
          + " staged from files this run never saw. Encode them with this run's vocabulary.")
  @Default.String("")
  String getCorpora();

  void setCorpora(String value);

  @Description("Also score the run's own encode output (corpus name 'run').")
  @Default.Boolean(true)
  Boolean getRunCorpus();

  void setRunCorpus(Boolean value);

  @Description("Languages to score, comma separated; empty: every language available.")
  @Default.String("")
  String getEvalLangs();

  void setEvalLangs(String value);

  @Description("Windows per forward pass.")
  @Default.Integer(16)
  Integer getEvalBatchSize();

  void setEvalBatchSize(Integer value);

  @Description("False positives and negatives kept (with their sentence) per evaluation.")
  @Default.Integer(20)
  Integer getErrorSamples();

  void setErrorSamples(Integer value);

  @Description(
      "An evaluation that throws is recorded (evaluate/deadletters.jsonl, reason"
          + " EVALUATION_FAILED) and the others still run; the stage then fails (no manifest)"
          + " unless this is true.")
  @Default.Boolean(false)
  Boolean getAllowFailedEvaluations();

  void setAllowFailedEvaluations(Boolean value);
}

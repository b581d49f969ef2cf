package dev.primer.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of the {@code finetune} stage (per-language PEFT fine-tuning tasks). */
public interface FinetuneOptions extends TrainingOptions, PeftOptions {

  @Description(
      "Evaluation (target) languages, comma separated, each fine-tuned on its own train split and"
          + " scored on its dev split. Empty: the episodes stage's target languages when it ran"
          + " with some, else every language with train and dev sentences that is not a priming"
          + " source language.")
  @Default.String("")
  String getTargetLangs();

  void setTargetLangs(String value);

  @Description(
      "Settings, comma separated: full (full fine-tuning of the unprimed base"
          + " pretrain/checkpoint/), unprimed (PEFT on pretrain/checkpoint/), and any priming"
          + " variant name (PEFT on prime/<variant>/checkpoint/, e.g. primed, maml-all,"
          + " primed-with-init, multitask).")
  @Default.String("full,unprimed,primed")
  String getSettings();

  void setSettings(String value);

  @Description(
      "PEFT methods of every setting but full, comma separated: adapter-houlsby,"
          + " adapter-pfeiffer, lora, prefix, bitfit.")
  @Default.String("adapter-houlsby")
  String getMethods();

  void setMethods(String value);

  @Description(
      "Task seeds: a count N (seeds 1..N) or a comma list of seeds. A seed fixes the new head and"
          + " PEFT modules, the batch order and the few-shot subset; it is the same across settings"
          + " and methods, so their results pair up.")
  @Default.String("3")
  String getSeeds();

  void setSeeds(String value);

  @Description(
      "Train sentences per task: a seeded subset of n whole sentences of the language's train"
          + " split (the same for every setting and method of a seed); 0 uses the whole split.")
  @Default.Integer(0)
  Integer getFewShot();

  void setFewShot(Integer value);

  @Description("Updates per task; 0 runs --finetuneEpochs passes over the training sentences.")
  @Default.Integer(0)
  Integer getMaxSteps();

  void setMaxSteps(Integer value);

  @Description("Passes over the training sentences when --maxSteps=0.")
  @Default.Integer(10)
  Integer getFinetuneEpochs();

  void setFinetuneEpochs(Integer value);

  @Description(
      "Evaluate on the dev split every this many updates (0: after every epoch); the parameters"
          + " with the best dev F1 are kept.")
  @Default.Integer(0)
  Integer getEvalEvery();

  void setEvalEvery(Integer value);

  @Description("Stop a task after this many dev evaluations without improvement (0: never).")
  @Default.Integer(3)
  Integer getPatience();

  void setPatience(Integer value);

  @Description("Sentences per update.")
  @Default.Integer(16)
  Integer getFinetuneBatchSize();

  void setFinetuneBatchSize(Integer value);

  @Description("Peak AdamW learning rate of the PEFT methods (linear warm-up and decay).")
  @Default.Double(1e-3)
  Double getFinetuneLr();

  void setFinetuneLr(Double value);

  @Description("Peak AdamW learning rate of full fine-tuning (setting full).")
  @Default.Double(5e-5)
  Double getFinetuneFullLr();

  void setFinetuneFullLr(Double value);

  @Description("Share of the updates spent warming the learning rate up.")
  @Default.Double(0.1)
  Double getFinetuneWarmupRatio();

  void setFinetuneWarmupRatio(Double value);

  @Description("AdamW weight decay of fine-tuning.")
  @Default.Double(0.01)
  Double getFinetuneWeightDecay();

  void setFinetuneWeightDecay(Double value);

  @Description(
      "A task that throws is recorded (finetune/deadletters.jsonl, reason TASK_FAILED) and the"
          + " others still run; the stage then fails (no manifest) unless this is true, in which"
          + " case it completes and its manifest lists the failed tasks.")
  @Default.Boolean(false)
  Boolean getAllowFailedTasks();

  void setAllowFailedTasks(Boolean value);
}

package dev.primer.pipelines;

import dev.primer.learn.meta.HeadInit;
import dev.primer.learn.meta.InnerOptimizer;
import dev.primer.learn.meta.MetaOrder;
import dev.primer.learn.peft.FinetuneMethod;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of the {@code prime} stage (meta-pretraining). */
public interface PrimeOptions extends TrainingOptions, PeftOptions {

  @Description(
      "Priming variants, comma separated, each trained independently into prime/<variant>/:"
          + " primed (the paper: inner loop adapts PEFT + head only, outer step updates the"
          + " encoder), maml-all (inner loop over all parameters, MAML), primed-with-init (outer"
          + " step also learns the PEFT initialisation), multitask (no inner loop: encoder, PEFT"
          + " and head trained jointly on the pooled episodes).")
  @Default.String("primed")
  String getPrimeVariants();

  void setPrimeVariants(String value);

  @Description(
      "PEFT method the inner loop adapts, configured as fine-tuning will train it (see"
          + " --reductionFactor, --loraRank, --prefixLength): adapter-houlsby, adapter-pfeiffer,"
          + " lora, prefix, bitfit.")
  @Default.Enum("ADAPTER_HOULSBY")
  FinetuneMethod getMethod();

  void setMethod(FinetuneMethod value);

  @Description("Episodes per meta-step (their meta-gradients are averaged).")
  @Default.Integer(4)
  Integer getMetaBatch();

  void setMetaBatch(Integer value);

  @Description("Inner-loop updates k on each episode's support set.")
  @Default.Integer(3)
  Integer getInnerSteps();

  void setInnerSteps(Integer value);

  @Description("Inner-loop learning rate.")
  @Default.Double(0.05)
  Double getInnerLr();

  void setInnerLr(Double value);

  @Description(
      "Inner-loop update rule: sgd (plain gradient steps; needed for --metaOrder=second) or adam"
          + " (fresh Adam state per episode).")
  @Default.Enum("SGD")
  InnerOptimizer getInnerOptimizer();

  void setInnerOptimizer(InnerOptimizer value);

  @Description(
      "Support sentences per inner step (0: the whole support set in one batch; smaller batches"
          + " are used in turn).")
  @Default.Integer(0)
  Integer getInnerBatchSize();

  void setInnerBatchSize(Integer value);

  @Description("Peak AdamW learning rate of the outer (meta) update (linear warm-up and decay).")
  @Default.Double(1e-4)
  Double getOuterLr();

  void setOuterLr(Double value);

  @Description("Share of the meta-steps spent warming the outer learning rate up.")
  @Default.Double(0.1)
  Double getOuterWarmupRatio();

  void setOuterWarmupRatio(Double value);

  @Description(
      "Meta-steps to run; 0 runs one pass over the episodes (episodes / metaBatch). More steps"
          + " than that start new passes over the episodes.")
  @Default.Integer(0)
  Integer getMetaSteps();

  void setMetaSteps(Integer value);

  @Description(
      "Meta-gradient: first (first-order, the adapted values are constants; memory-stable) or"
          + " second (through the inner updates; small models only, libtorch leaks memory).")
  @Default.Enum("FIRST")
  MetaOrder getMetaOrder();

  void setMetaOrder(MetaOrder value);

  @Description(
      "The head in each episode: reinit (a fresh random head per episode, like fine-tuning) or"
          + " shared (one head every episode starts from, learned by the outer step). multitask"
          + " always trains one shared head.")
  @Default.Enum("REINIT")
  HeadInit getHeadInit();

  void setHeadInit(HeadInit value);

  @Description(
      "Outer update of the word embeddings: true updates only the rows of the subwords in the"
          + " meta-batch (lazy Adam, like LazyAdam/SparseAdam: a meta-step then costs the same"
          + " whatever the vocabulary size); false applies dense AdamW to the whole table.")
  @Default.Boolean(true)
  Boolean getLazyEmbeddings();

  void setLazyEmbeddings(Boolean value);

  @Description(
      "Write a resumable checkpoint (model, optimizer state, episode position) every N"
          + " meta-steps under prime/_work/<variant>/steps/; a rerun resumes from the newest"
          + " complete one; they are removed once the stage commits. 0 writes none.")
  @Default.Integer(100)
  Integer getCheckpointEvery();

  void setCheckpointEvery(Integer value);

  @Description("Periodic checkpoints kept per variant while priming runs (older ones are deleted).")
  @Default.Integer(2)
  Integer getKeepCheckpoints();

  void setKeepCheckpoints(Integer value);

  @Description("Log progress every this many meta-steps.")
  @Default.Integer(10)
  Integer getPrimeLogEvery();

  void setPrimeLogEvery(Integer value);

  @Description(
      "Operations and tests: fail the stage after this many meta-steps of this invocation (0:"
          + " never), leaving the periodic checkpoints for a rerun to resume from.")
  @Default.Integer(0)
  Integer getPrimeStopAfter();

  void setPrimeStopAfter(Integer value);
}

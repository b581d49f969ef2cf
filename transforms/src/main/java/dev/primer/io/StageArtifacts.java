package dev.primer.io;

/**
 * The documented paths of what stages exchange. A path written here as {@code <stage>/<file>} (e.g.
 * {@code vocab/tokenizer.json}) means {@code <file>} in the stage's committed output directory:
 * {@code <runRoot>/<runId>/<stage>/<attempt>/<file>}, where {@code <attempt>} is the directory the
 * stage's {@code _MANIFEST.json} names ({@link CommittedStage#file}; for a run written before
 * attempts existed, the stage directory itself). A stage reads an upstream artifact only at these
 * paths and only through the upstream's committed manifest; nothing reads an attempt that no
 * manifest names.
 */
public final class StageArtifacts {

  /** Stage names (their subcommands and directories). */
  public static final String STAGE = "stage";

  public static final String VOCAB = "vocab";
  public static final String ENCODE = "encode";

  /** {@code stage/sentences/lang=L/split=S/part-*.avro}: {@code Sentence} records. */
  public static final String SENTENCES = "sentences";

  /** {@code <stage>/deadletters/part-*.avro} and {@code deadletters.jsonl}: rejected input. */
  public static final String DEAD_LETTERS = "deadletters";

  /** {@code <stage>/stats.json}: the stage's per-language/split figures (also in the manifest). */
  public static final String STATS = "stats.json";

  /** {@code vocab/tokenizer.json}: a HuggingFace tokenizer file that DJL loads. */
  public static final String TOKENIZER = "tokenizer.json";

  /** {@code vocab/vocab_mapping.tsv}: old id, new id, piece, when the vocabulary was pruned. */
  public static final String VOCAB_MAPPING = "vocab_mapping.tsv";

  /** {@code encode/encoded/lang=L/split=S/part-*.avro}: {@code EncodedSentence} records. */
  public static final String ENCODED = "encoded";

  /** {@code encode/labels.json}: the label vocabulary the label ids index. */
  public static final String LABELS = "labels.json";

  // --- episodes and report stages (issue 4) ---

  /** Stage {@code episodes}: per-language meta-learning tasks for priming. */
  public static final String EPISODES = "episodes";

  /**
   * {@code episodes/episodes/part-NNNNN.avro}: {@code Episode} records, each file sorted by index
   * and the files in name order (read them with {@code dev.primer.episodes.EpisodeFiles}).
   */
  public static final String EPISODE_FILES = "episodes";

  /** Stage {@code report}: the run's results as a table, plots and JSON. */
  public static final String REPORT = "report";

  /** {@code report/report.html}: self-contained report (inline SVG plots, no external files). */
  public static final String REPORT_HTML = "report.html";

  /** {@code report/summary.json}: every number of the report's tables. */
  public static final String REPORT_SUMMARY = "summary.json";

  // finetune (issue 4)

  /** Stage {@code finetune}: per-language PEFT (or full) fine-tuning tasks. */
  public static final String FINETUNE = "finetune";

  /**
   * {@code finetune/tasks/<lang>/<setting>/<method>/seed=<s>/}: one directory per task, holding
   * {@code peft/} (PEFT-only checkpoint) or {@code full/} (whole model) and {@code result.json}.
   */
  public static final String FINETUNE_TASKS = "tasks";

  /** {@code finetune/tasks/.../result.json}: a task's outcome, written last (atomically). */
  public static final String FINETUNE_RESULT = "result.json";

  /** {@code finetune/tasks/.../peft/}: the PEFT-only checkpoint of a PEFT task. */
  public static final String FINETUNE_PEFT_CHECKPOINT = "peft";

  /** {@code finetune/tasks/.../full/}: the whole fine-tuned model of a {@code full} task. */
  public static final String FINETUNE_FULL_CHECKPOINT = "full";

  /** {@code finetune/metrics/part-*.avro}: the {@code Metric} records of every task. */
  public static final String FINETUNE_METRICS = "metrics";

  // pretrain and prime (issue 4)

  /** Stage {@code pretrain}: the base encoder (masked-LM pretraining, import or derivation). */
  public static final String PRETRAIN = "pretrain";

  /** Stage {@code prime}: meta-pretraining of the base encoder, one directory per variant. */
  public static final String PRIME = "prime";

  /**
   * {@code pretrain/checkpoint/} and {@code prime/<variant>/checkpoint/}: a checkpoint directory
   * ({@code dev.primer.learn.checkpoint} format, complete when its {@code checkpoint.json} exists).
   */
  public static final String CHECKPOINT = "checkpoint";

  /** {@code <stage>/metrics/part-*.avro}: {@code Metric} records of a training stage. */
  public static final String METRICS = "metrics";

  /**
   * {@code prime/_work/<variant>/steps/step-NNNNNNNN/}: periodic priming checkpoints (model,
   * optimizer state, episode position), complete when their {@code checkpoint.json} exists. They
   * live in the stage's work area ({@link RunLayout#workDirectory}), not in an attempt: a failed
   * attempt leaves them for the next one to resume from; they are removed once prime commits.
   */
  public static final String PRIME_STEPS = "steps";

  // evaluate (issue 5)

  /** Stage {@code evaluate}: scores checkpoints on encoded corpora. */
  public static final String EVALUATE = "evaluate";

  /** {@code evaluate/metrics/part-*.avro}: the {@code Metric} records of every evaluation. */
  public static final String EVALUATE_METRICS = "metrics";

  /** {@code evaluate/results/<model>/<corpus>-<split>.json}: one JSON result per evaluation. */
  public static final String EVALUATE_RESULTS = "results";

  // predict (issue 5)

  /** Stage {@code predict}: tags raw text with the base model and per-language adapters. */
  public static final String PREDICT = "predict";

  /** {@code predict/predictions/lang=L/part-*.avro}: {@code Prediction} records. */
  public static final String PREDICTIONS = "predictions";

  /** {@code predict/jsonl/lang=L/part-*.jsonl}: the same predictions as JSON lines. */
  public static final String PREDICTIONS_JSONL = "jsonl";

  private StageArtifacts() {}

  /** The glob of all Avro partitions below a partitioned directory. */
  public static String allPartitions(String partitionedDirectory) {
    String dir =
        partitionedDirectory.endsWith("/") ? partitionedDirectory : partitionedDirectory + "/";
    return dir + "lang=*/split=*/*.avro";
  }

  /** The glob of one language's (and optionally one split's) partitions. */
  public static String partitions(String partitionedDirectory, String lang, String split) {
    String dir =
        partitionedDirectory.endsWith("/") ? partitionedDirectory : partitionedDirectory + "/";
    return dir + "lang=" + lang + "/split=" + (split == null ? "*" : split) + "/*.avro";
  }
}

package dev.primer.pipelines;

/**
 * The option values the demo uses unless the user gives others: a tiny model over a learned
 * vocabulary, primed on the demo's en, de, es and nl episodes and fine-tuned on fr and sw, small
 * enough for a few minutes on 2 cores, deterministic so that two demo runs agree.
 */
final class DemoDefaults {

  /** Pairs of (option name, value). */
  static final String[][] OPTIONS = {
    // vocab + encode: the demo corpus has ~1,100 mergeable pieces; a learned vocabulary keeps it
    // self-contained.
    {"vocabMode", "learn"},
    {"vocabSize", "1000"},
    {"maxLength", "64"},
    // episodes: priming (source) and evaluation (target) languages are disjoint.
    {"sourceLangs", "en,de,es,nl"},
    {"targetLangs", "fr,sw"},
    {"supportSize", "8"},
    {"querySize", "8"},
    {"episodes", "96"},
    {"episodesPerFile", "32"},
    // pretrain: masked-LM pretraining of the tiny preset on every language's train split.
    {"preset", "tiny"},
    {"pretrainSteps", "300"},
    {"pretrainBatchSize", "16"},
    {"pretrainLr", "2e-3"},
    // prime: the paper's priming (adapter inner loop) and the multi-task ablation.
    {"primeVariants", "primed,multitask"},
    {"metaSteps", "48"},
    {"metaBatch", "2"},
    {"innerSteps", "2"},
    {"outerLr", "5e-4"},
    {"checkpointEvery", "16"},
    // finetune: adapters per target language, unprimed vs primed, against full fine-tuning.
    {"settings", "full,unprimed,primed,multitask"},
    {"methods", "adapter-houlsby"},
    {"seeds", "2"},
    {"maxSteps", "60"},
    {"evalEvery", "20"},
    {"finetuneBatchSize", "8"},
    {"finetuneLr", "1e-2"},
    {"finetuneFullLr", "1e-3"},
    // predict: the demo text, tagged with the primed adapters; fr's adapter for other languages.
    {"adapterSetting", "primed"},
    {"fallbackAdapter", "fr"},
    {"deterministic", "true"},
  };

  private DemoDefaults() {}
}

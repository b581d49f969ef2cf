package dev.primer.pretrain;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What the pretraining task needs: inputs, output directory and training settings. Serializable, it
 * travels with the DoFn.
 *
 * @param runId the run (recorded in metrics)
 * @param mode mlm, import or derive
 * @param tokenizer URI of the run's {@code tokenizer.json}
 * @param vocabMapping URI of {@code vocab_mapping.tsv}, or null when the vocabulary was not pruned
 * @param trainPatterns globs of the encoded train partitions (mlm)
 * @param devPatterns globs of the encoded dev partitions (mlm evaluation; may match nothing)
 * @param langs the languages read (for provenance)
 * @param preset tiny, small or base (mlm)
 * @param steps masked-LM updates
 * @param learningRate peak learning rate
 * @param batchSize sentences per batch
 * @param warmupRatio share of warm-up updates
 * @param maskProbability masked-LM selection probability
 * @param logEvery progress interval
 * @param weights local path of the weights to import (import, derive)
 * @param keepLayers layers kept by derive (0: all)
 * @param checkpoint the output checkpoint directory (pretrain/checkpoint/)
 * @param seed the run's seed
 * @param deterministic one intra-op thread
 */
public record PretrainSettings(
    String runId,
    PretrainMode mode,
    String tokenizer,
    String vocabMapping,
    List<String> trainPatterns,
    List<String> devPatterns,
    List<String> langs,
    String preset,
    long steps,
    double learningRate,
    int batchSize,
    double warmupRatio,
    double maskProbability,
    long logEvery,
    String weights,
    int keepLayers,
    String checkpoint,
    long seed,
    boolean deterministic)
    implements Serializable {

  /** Copies the lists. */
  public PretrainSettings {
    Objects.requireNonNull(mode);
    trainPatterns = List.copyOf(trainPatterns);
    devPatterns = List.copyOf(devPatterns);
    langs = List.copyOf(langs);
  }
}

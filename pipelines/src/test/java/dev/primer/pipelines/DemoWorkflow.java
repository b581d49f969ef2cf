package dev.primer.pipelines;

import dev.primer.io.ResourceIO;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.fs.ResourceId;

/** Runs primer's own stages on the built-in demo corpus for tests, on any runner. */
final class DemoWorkflow {

  /** Sentences per panx train file: 48 templates + 1 repaired (I- after O); a duplicate merged. */
  static final int PANX_TRAIN = 49;

  /** Sentences per CoNLL-2002 train file (its two malformed sentences are dead letters). */
  static final int CONLL_TRAIN = 48;

  /** Sentences per dev file. */
  static final int DEV = 16;

  /** Dead letters the demo corpus holds on purpose. */
  static final int DEAD_LETTERS = 14;

  private DemoWorkflow() {}

  /** Copies the demo corpus below {@code dir} and returns the --corpus flags for it. */
  static List<String> corpusFlags(Path dir) throws Exception {
    ResourceId corpus = DemoCorpus.copyTo(ResourceIO.directory(dir.toString()));
    List<String> flags = new ArrayList<>();
    for (String spec : DemoCorpus.corpusSpecs(corpus)) {
      flags.add("--corpus=" + spec);
    }
    return flags;
  }

  /** Arguments for {@code run --stages=stage,vocab,encode} on the demo corpus. */
  static List<String> stageVocabEncode(Path temp, String runId, String... runnerFlags)
      throws Exception {
    List<String> args = new ArrayList<>();
    args.add("--stages=stage,vocab,encode");
    args.add("--runRoot=" + temp.resolve("runs"));
    args.add("--runId=" + runId);
    args.addAll(corpusFlags(temp.resolve("corpus-" + runId)));
    args.add("--vocabSize=1000");
    args.add("--maxLength=64");
    args.addAll(List.of(runnerFlags));
    return args;
  }
}

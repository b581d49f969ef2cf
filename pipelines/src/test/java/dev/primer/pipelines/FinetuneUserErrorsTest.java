package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes a user can make with finetune, against hand-made upstream manifests: one line, status 2,
 * no finetune manifest.
 */
class FinetuneUserErrorsTest {

  @TempDir Path temp;

  private final PrimerCall cli = new PrimerCall();

  private void assertOneLineError(String expected, String... flags) throws Exception {
    List<String> args = new ArrayList<>(List.of("finetune", "--runRoot=" + temp.resolve("runs")));
    args.add("--runId=r");
    args.addAll(List.of(flags));
    cli.assertUserError(cli.run(args), expected);
    assertTrue(Files.notExists(temp.resolve("runs/r/finetune/_MANIFEST.json")));
  }

  /** encode (sw, de with train+dev; xx train only) and vocab manifests, labels, tokenizer. */
  private void upstream() throws Exception {
    PrimerCall.writeUpstream(temp.resolve("runs/r"), "xx");
  }

  @Test
  void aTokenizerWithoutPadIsRefused() throws Exception {
    // Control: missingPretrainAndPrimeNameTheStageToRun gets past the tokenizer with [PAD].
    upstream();
    Files.writeString(
        temp.resolve("runs/r/vocab/tokenizer.json"),
        "{\"model\":{\"type\":\"WordPiece\",\"vocab\":{\"<pad>\":0,\"[UNK]\":1,\"[CLS]\":2,"
            + "\"[SEP]\":3,\"[MASK]\":4,\"a\":5}}}");
    assertOneLineError("vocab/tokenizer.json has no [PAD] token");
  }

  @Test
  void finetuneBeforeEncode() throws Exception {
    assertOneLineError("'encode'");
  }

  @Test
  void missingPretrainAndPrimeNameTheStageToRun() throws Exception {
    upstream();
    assertOneLineError("'pretrain'", "--settings=unprimed");
    assertOneLineError("'prime'", "--settings=primed");
  }

  @Test
  void badTaskOptions() throws Exception {
    upstream();
    FinetuneWorkflow.writeManifest(temp.resolve("runs/r"), "pretrain");
    Path base = temp.resolve("runs/r/pretrain/checkpoint");
    FinetuneWorkflow.writeBase(config(64), base, 1);
    FinetuneWorkflow.writeManifest(temp.resolve("runs/r"), "prime");
    FinetuneWorkflow.writeBase(config(32), temp.resolve("runs/r/prime/short/checkpoint"), 1);
    assertOneLineError("'full' is not a PEFT method", "--settings=unprimed", "--methods=full");
    assertOneLineError("adapter-houlsby", "--settings=unprimed", "--methods=adapters");
    assertOneLineError("--seeds", "--settings=unprimed", "--seeds=one,two");
    assertOneLineError("xx", "--settings=unprimed", "--targetLangs=sw,xx");
    assertOneLineError("--fewShot", "--settings=unprimed", "--fewShot=-1");
    assertOneLineError("32 positions", "--settings=unprimed,short", "--targetLangs=sw");
    try (Stream<Path> files = Files.list(temp.resolve("runs/r"))) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().equals("finetune")));
    }
  }

  private static dev.primer.learn.model.EncoderConfig config(int positions) {
    return dev.primer.learn.model.EncoderConfig.builder()
        .setVocabSize(6)
        .setHiddenSize(8)
        .setNumLayers(1)
        .setNumHeads(2)
        .setIntermediateSize(16)
        .setMaxPositions(positions)
        .build();
  }
}
